package dev.cgan.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.util.Modules;
import dev.cgan.api.BackendRegistry;

/**
 * {@code cgan-cli} as its own process, exactly as {@link Main#main} runs it (logging, exit code, Ctrl-C handling),
 * with {@link ToyBackend} as the only backend: what the process-level tests start, kill and interrupt.
 */
public final class ToyTrainingProcess {

    private ToyTrainingProcess() {
    }

    public static void main(String[] args) {
        Logging.configure(false);
        System.setProperty("java.awt.headless", "true");
        var toyOnly = new AbstractModule() {
            @Provides
            BackendRegistry registry() {
                return BackendRegistry.of(ToyBackend.only());
            }
        };
        System.exit(Main.run(args, Modules.override(new CliModule()).with(toyOnly)));
    }
}
