package dev.cgan.cli;

import com.google.inject.Injector;
import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.Device;
import dev.cgan.conformance.ConformanceReport;
import dev.cgan.conformance.ConformanceSuite;
import dev.cgan.conformance.Outcome;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cgan-cli conformance}: runs the PyTorch conformance suite (cgan-conformance) on the selected backend and
 * device, one line per case as it finishes, then the table. The exit code says whether the backend conforms, so the
 * command can gate a script or a CI job on a machine where Maven's tests do not run (a GPU host, say).
 */
@Command(name = "conformance", sortOptions = false,
        description = {
            "Checks the backend against PyTorch: runs the conformance cases (layers forward and backward, tensor "
                    + "operations, losses, optimizers, the models, a training trajectory) and compares every result "
                    + "with PyTorch's within each case's tolerance.",
            "Exits 0 when the backend conforms, 5 when a case fails (or passes although the backend lists it as "
                    + "unsupported)."})
final class ConformanceCommand implements Callable<Integer> {

    @Option(names = "--case", paramLabel = "PATTERN",
            description = "Only the cases whose name matches this glob (* for any characters, e.g. 'conv*') or whose "
                    + "kind it names (e.g. model). Default: every case.")
    String pattern;

    @Option(names = "--verbose-cases",
            description = "Under each failing case, one line per tensor outside tolerance: errors, worst element, "
                    + "tolerance.")
    boolean verboseCases;

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    private final Injector injector;

    @Inject
    ConformanceCommand(Injector injector) {
        this.injector = injector;
    }

    @Override
    public Integer call() {
        GlobalOptions global = main.globalOptions();
        // The pattern first: a typo should fail in a moment, before an engine is loaded.
        ConformanceSuite suite = suite();
        Injector run = injector.createChildInjector(new BackendModule(global));
        Backend backend = run.getInstance(Backend.class);
        Device device = run.getInstance(Device.class);
        BackendOptions options = run.getInstance(BackendOptions.class);

        PrintWriter out = spec.commandLine().getOut();
        out.printf("Checking %s on %s against PyTorch: %d conformance case%s%n", backend.name(), describe(device),
                suite.cases().size(), suite.cases().size() == 1 ? "" : "s");
        out.flush();
        CaseLines lines = new CaseLines(out, suite.cases(), verboseCases);
        ConformanceReport report = suite.run(backend, device, options, lines);
        out.println();
        out.print(report.toTable());
        out.flush();
        if (report.conforms()) {
            return ExitCodes.OK;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.printf("%s%s on %s does not conform to PyTorch: %d case%s failed, %d listed as unsupported but "
                        + "passing%n", CliErrors.PREFIX, backend.name(), device.id(), report.count(Outcome.FAIL),
                report.count(Outcome.FAIL) == 1 ? "" : "s", report.count(Outcome.LISTED_BUT_PASSED));
        err.flush();
        return ExitCodes.NONCONFORMING;
    }

    private ConformanceSuite suite() {
        ConformanceSuite all = ConformanceSuite.bundled();
        if (pattern == null) {
            return all;
        }
        try {
            return all.matching(pattern.strip());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** The device with the backend's own words for it, which name a fallback (DJL's exact convolution) if any. */
    private static String describe(Device device) {
        String d = device.description();
        return d == null || d.isBlank() || d.equalsIgnoreCase(device.id()) ? device.id() : device.id() + " (" + d + ")";
    }
}
