package dev.cgan.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Provides;
import com.google.inject.util.Modules;
import dev.cgan.api.Backend;
import dev.cgan.api.BackendRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs {@code cgan-cli} in-process the way {@link Main} does, with stand-in backends and a fixed clock, capturing
 * what it prints.
 *
 * @param exitCode the process exit code it would have had
 * @param out      stdout
 * @param err      stderr
 */
record CliRun(int exitCode, String out, String err) {

    /** 2026-01-02 03:04:05 UTC: default run directories are named after it. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    static CliRun of(List<Backend> backends, String... args) {
        return run(commandLine(backends), args);
    }

    static CliRun run(CommandLine cmd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Runs with the backends installed on the module or class path, as {@code cgan-cli} itself would. */
    static CliRun installed(String... args) {
        Main.configureGuice();
        return run(Main.commandLine(Guice.createInjector(new CliModule()), false), args);
    }

    /** The command line as Main builds it, over {@code backends}. */
    static CommandLine commandLine(List<Backend> backends) {
        Main.configureGuice();
        var testing = new AbstractModule() {
            @Provides
            BackendRegistry registry() {
                return BackendRegistry.of(backends);
            }

            @Provides
            Clock clock() {
                return CLOCK;
            }
        };
        return Main.commandLine(Guice.createInjector(Modules.override(new CliModule()).with(testing)), false);
    }

    /** stderr's lines. */
    List<String> errLines() {
        return err.lines().toList();
    }
}
