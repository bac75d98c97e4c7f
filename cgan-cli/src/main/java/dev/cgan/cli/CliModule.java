package dev.cgan.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.cgan.api.BackendRegistry;
import java.time.Clock;

/**
 * What every command may ask for, independent of the command line: the installed backends and the clock. Tests
 * replace it with a registry of stand-in backends.
 */
class CliModule extends AbstractModule {

    /** Discovery runs once per process, and only when a command asks for it (it probes for native libraries). */
    @Provides
    @Singleton
    BackendRegistry backendRegistry() {
        return BackendRegistry.load();
    }

    @Provides
    Clock clock() {
        return Clock.systemDefaultZone();
    }
}
