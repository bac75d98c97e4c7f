package dev.cgan.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code cgan-cli}: the top command and the program's entry point. It holds the options every command shares; the
 * work is done by its subcommands, {@link TrainCommand train}, {@link GenerateCommand generate},
 * {@link EvaluateCommand evaluate}, {@link ExportCommand export}, {@link BackendsCommand backends} and
 * {@link ConformanceCommand conformance}.
 *
 * <p>The global options are inherited by the subcommands, so {@code cgan-cli --backend djl train} and
 * {@code cgan-cli train --backend djl} mean the same.
 */
@Command(name = "cgan-cli",
        description = "Trains conditional GANs (Mirza & Osindero, 2014) on pluggable compute backends.",
        subcommands = {TrainCommand.class, GenerateCommand.class, EvaluateCommand.class, ExportCommand.class,
            BackendsCommand.class, ConformanceCommand.class},
        sortOptions = false,
        usageHelpAutoWidth = true)
public final class Main implements Callable<Integer> {

    @Option(names = "--backend", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "Backend to compute with (see 'cgan-cli backends'). Default: the available backend of "
                    + "highest priority.")
    String backend;

    @Option(names = "--device", paramLabel = "cpu|gpu[:N]", scope = ScopeType.INHERIT,
            description = "Device to compute on. Default: the backend's first device.")
    String device;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", scope = ScopeType.INHERIT,
            description = "CPU threads for the engine; 0 = all cores (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--allow-tf32", scope = ScopeType.INHERIT,
            description = "Let GPU backends use TF32 tensor cores: faster, but about 1e-3 relative error, so results "
                    + "no longer match PyTorch's float32 within the conformance tolerances. Off by default.")
    boolean allowTf32;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Show engine logs, and stack traces with errors.")
    boolean verbose;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
    boolean help;

    @Spec
    CommandSpec spec;

    /** The options every command shares, as parsed. */
    GlobalOptions globalOptions() {
        if (threads < 0) {
            throw new UsageException("--threads must be 0 (all cores) or more, got " + threads);
        }
        return new GlobalOptions(blankToNull(backend), blankToNull(device), threads, allowTf32, verbose);
    }

    /** Without a subcommand there is nothing to do: show what there is. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        spec.commandLine().usage(err);
        return ExitCodes.USAGE;
    }

    /** Runs {@code cgan-cli} and exits with its code. */
    public static void main(String[] args) {
        // Before anything that might load an engine or a logger: see Logging.
        boolean verbose = Arrays.asList(args).contains("--verbose");
        Logging.configure(verbose);
        System.setProperty("java.awt.headless", "true");
        int code = run(args, new CliModule());
        System.exit(code);
    }

    /** Runs the command line {@code args} with {@code modules} providing the backends; returns the exit code. */
    static int run(String[] args, Module... modules) {
        configureGuice();
        CommandLine cmd;
        boolean verbose = Arrays.asList(args).contains("--verbose");
        try {
            cmd = commandLine(Guice.createInjector(modules), verbose);
        } catch (RuntimeException e) {
            return new CliErrors(verbose).report(e, new PrintWriter(System.err, true));
        }
        try {
            return cmd.execute(args);
        } catch (Error e) {
            // picocli hands only Exceptions to CliErrors; an Error (out of memory) must still be one line.
            return new CliErrors(verbose).report(e, new PrintWriter(System.err, true));
        }
    }

    /** The configured command line, its commands created by {@code injector}. */
    static CommandLine commandLine(Injector injector, boolean verbose) {
        CommandLine cmd = new CommandLine(Main.class, new GuiceFactory(injector));
        CliErrors errors = new CliErrors(verbose);
        cmd.setExecutionExceptionHandler(errors);
        cmd.setParameterExceptionHandler(errors);
        Map<String, String> exitCodes = new LinkedHashMap<>();
        for (String line : ExitCodes.HELP) {
            int colon = line.indexOf(':');
            exitCodes.put(String.format("%3s", line.substring(0, colon)), line.substring(colon + 1));
        }
        for (CommandLine c : withSubcommands(cmd)) {
            c.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes);
        }
        return cmd;
    }

    private static java.util.List<CommandLine> withSubcommands(CommandLine cmd) {
        java.util.List<CommandLine> all = new java.util.ArrayList<>();
        all.add(cmd);
        all.addAll(cmd.getSubcommands().values());
        return all;
    }

    /**
     * Guice generates "fast classes" for constructors, and on the module path it can define them only through
     * {@code sun.misc.Unsafe} (module jdk.unsupported, which an automatic module like Guice cannot require). Without it
     * the generated classes land in an unnamed module that may not see ours. Plain reflection, through the
     * {@code opens} in module-info, is all this handful of objects needs. Read once, when Guice's classes initialise.
     */
    static void configureGuice() {
        if (System.getProperty("guice_bytecode_gen_option") == null) {
            System.setProperty("guice_bytecode_gen_option", "DISABLED");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
