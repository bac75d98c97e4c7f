package dev.cgan.cli;

import dev.cgan.api.Availability;
import dev.cgan.api.Backend;
import dev.cgan.api.BackendRegistry;
import dev.cgan.api.BackendUnavailableException;
import dev.cgan.api.Device;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which backend and device a command runs on: the ones named on the command line, or the defaults (the available
 * backend of highest priority, and its first device). Every refusal names what is known, so the user can correct the
 * command without looking anything up.
 */
final class BackendSelection {

    private BackendSelection() {
    }

    /**
     * The backend called {@code name}, or the best available one when {@code name} is null.
     *
     * @throws dev.cgan.api.UnknownBackendException for a name no installed backend has (it lists the known ones)
     * @throws BackendUnavailableException          if the backend cannot run here, with the reason
     */
    static Backend backend(BackendRegistry registry, String name) {
        if (name == null) {
            return registry.best().orElseThrow(() -> new BackendUnavailableException(noneAvailable(registry)));
        }
        Backend backend = registry.byName(name);
        Availability a = backend.availability();
        if (!a.available()) {
            throw new BackendUnavailableException("backend '" + backend.name() + "' is not available: "
                    + CliErrors.oneLine(a.reason()));
        }
        return backend;
    }

    /**
     * The device {@code id} of {@code backend}, or its first device when {@code id} is null.
     *
     * @throws UsageException              for an id that is not {@code cpu}, {@code gpu} or {@code gpu:N}
     * @throws BackendUnavailableException if the backend has no such device here (the message lists those it has)
     */
    static Device device(Backend backend, String id) {
        List<Device> devices = backend.devices();
        if (devices.isEmpty()) {
            throw new BackendUnavailableException("backend '" + backend.name() + "' reports no usable device");
        }
        if (id == null) {
            return devices.get(0);
        }
        Device wanted;
        try {
            wanted = Device.parse(id);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        return devices.stream().filter(d -> d.sameAs(wanted)).findFirst()
                .orElseThrow(() -> new BackendUnavailableException("backend '" + backend.name() + "' has no device "
                        + wanted.id() + " here; its devices are " + devices.stream().map(Device::id)
                        .collect(Collectors.joining(", "))));
    }

    private static String noneAvailable(BackendRegistry registry) {
        if (registry.all().isEmpty()) {
            return "no backend is installed: put a backend module (e.g. cgan-backend-djl) on the module path";
        }
        return "no backend is available on this machine: " + registry.all().stream()
                .map(b -> b.name() + ": " + CliErrors.oneLine(b.availability().reason()))
                .collect(Collectors.joining("; "));
    }
}
