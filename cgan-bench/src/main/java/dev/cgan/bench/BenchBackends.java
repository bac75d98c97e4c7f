package dev.cgan.bench;

import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.BackendRegistry;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.backend.djl.DjlBackend;
import dev.cgan.backend.djl.kernel.Convolution;
import java.util.List;

/** The backends a benchmark can run on, found with {@link java.util.ServiceLoader} like everywhere else in cgan. */
final class BenchBackends {

    /**
     * Environment variable (inherited by JMH's forks) with the thread count the benchmarks open backends with; unset
     * or 0: one per core.
     */
    static final String THREADS = "CGAN_BENCH_THREADS";
    /** Environment variable naming the device ({@code cpu}, {@code gpu:0}); default cpu. */
    static final String DEVICE = "CGAN_BENCH_DEVICE";

    /**
     * The {@code backend} parameter's default: {@link BenchMain} replaces it with every available backend; a benchmark
     * started some other way with it opens the available backend of highest priority.
     */
    static final String AVAILABLE = "available";

    private BenchBackends() {
    }

    /** The names of the backends that are available here, highest priority first. */
    static List<String> availableNames() {
        return BackendRegistry.load().all().stream().filter(b -> b.availability().available()).map(Backend::name)
                .toList();
    }

    /**
     * Opens the backend called {@code name} on the benchmark's device with the benchmark's thread count.
     *
     * @throws dev.cgan.api.UnknownBackendException for an unknown name (listing the known ones)
     * @throws dev.cgan.api.BackendUnavailableException when it cannot be opened here
     */
    static ComputeContext open(String name) {
        BackendRegistry registry = BackendRegistry.load();
        Backend backend = name.equals(AVAILABLE)
                ? registry.best().orElseThrow(() -> new IllegalStateException("no backend is available here"))
                : registry.byName(name);
        Device wanted = Device.parse(env(DEVICE, "cpu"));
        Device device = backend.devices().stream().filter(d -> d.sameAs(wanted)).findFirst().orElse(wanted);
        int threads = Integer.parseInt(env(THREADS, "0").trim());
        return backend.open(device, new BackendOptions(threads, false, false));
    }

    /**
     * The convolution a {@code djl} context chose at its start-up self-check, as its
     * {@link ComputeContext#diagnostics() diagnostics} name it, for loops written directly on DJL that must run the same
     * kernels: libtorch's own, or a new shape-checked one (it checks each shape again, with the same outcome).
     */
    static Convolution djlConvolution(ComputeContext context) {
        return Convolution.named(context.diagnostics().get(DjlBackend.CONVOLUTION));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
