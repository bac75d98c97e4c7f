package dev.cgan.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.BackendRegistry;
import dev.cgan.api.Device;

/**
 * The backend, device and engine options that the global options select; shared by every command that computes
 * ({@code train}, {@code conformance}), so both refuse an unknown backend or device with the same one-line error.
 */
final class BackendModule extends AbstractModule {

    private final GlobalOptions global;

    BackendModule(GlobalOptions global) {
        this.global = global;
    }

    @Provides
    @Singleton
    Backend backend(BackendRegistry registry) {
        return BackendSelection.backend(registry, global.backend());
    }

    @Provides
    @Singleton
    Device device(Backend backend) {
        return BackendSelection.device(backend, global.device());
    }

    @Provides
    BackendOptions backendOptions() {
        return new BackendOptions(global.threads(), global.allowTf32(), global.verbose());
    }
}
