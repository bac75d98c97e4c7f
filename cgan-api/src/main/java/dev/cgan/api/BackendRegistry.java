package dev.cgan.api;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The installed backends, found once with {@link ServiceLoader}. The one place that does discovery.
 *
 * <p>Instances are immutable snapshots; create one with {@link #load()} (or {@link #of(List)} in tests).
 */
public final class BackendRegistry {

    private static final System.Logger LOG = System.getLogger(BackendRegistry.class.getName());

    private final List<Backend> backends;

    private BackendRegistry(List<Backend> backends) {
        List<Backend> sorted = new ArrayList<>(backends);
        sorted.sort(Comparator.comparingInt(Backend::priority).reversed().thenComparing(Backend::name));
        this.backends = List.copyOf(sorted);
    }

    /**
     * Finds every backend visible to this module's class loader and module layer. A provider that fails to
     * instantiate is logged and skipped, never fatal.
     */
    public static BackendRegistry load() {
        return load(ServiceLoader.load(Backend.class));
    }

    /** Finds the backends visible through {@code loader}'s class path (for launchers that build their own loader). */
    public static BackendRegistry load(ClassLoader loader) {
        return load(ServiceLoader.load(Backend.class, loader));
    }

    private static BackendRegistry load(ServiceLoader<Backend> loader) {
        List<Backend> found = new ArrayList<>();
        var it = loader.iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                Backend backend = it.next();
                if (found.stream().noneMatch(b -> b.name().equals(backend.name()))) {
                    found.add(backend);
                }
            } catch (ServiceConfigurationError e) {
                LOG.log(Level.WARNING, "skipping a backend that could not be loaded: " + e.getMessage());
            }
        }
        LOG.log(Level.DEBUG, () -> "backends found: " + found.stream().map(Backend::name).toList());
        return new BackendRegistry(found);
    }

    /** A registry of exactly these backends. */
    public static BackendRegistry of(List<Backend> backends) {
        return new BackendRegistry(backends);
    }

    /** All backends, highest priority first. */
    public List<Backend> all() {
        return backends;
    }

    /** The names of all backends, highest priority first. */
    public List<String> names() {
        return backends.stream().map(Backend::name).toList();
    }

    /**
     * The backend called {@code name} (case-insensitive).
     *
     * @throws UnknownBackendException listing the known names
     */
    public Backend byName(String name) {
        return backends.stream()
                .filter(b -> b.name().equalsIgnoreCase(name.trim()))
                .findFirst()
                .orElseThrow(() -> new UnknownBackendException(name, names()));
    }

    /** The available backend with the highest priority, if any. */
    public Optional<Backend> best() {
        return backends.stream().filter(b -> b.availability().available()).findFirst();
    }
}
