package dev.cgan.bench;

import dev.cgan.api.ComputeContext;
import dev.cgan.conformance.CaseResult;
import dev.cgan.conformance.ConformanceSuite;
import dev.cgan.conformance.Outcome;
import dev.cgan.conformance.UnsupportedCases;
import java.util.ArrayList;
import java.util.List;

/**
 * The check every benchmark runs before it times anything: the conformance cases (PyTorch's own results, bundled with
 * {@code cgan-conformance}) of what it is about to time, run on the very context that will be timed. Any case that does
 * not pass — wrong numbers, an exception, or "unsupported" — refuses the benchmark.
 */
public final class ReferenceCheck {

    private ReferenceCheck() {
    }

    /** The cases that cover one full training iteration of {@code model}: both networks, BCE and Adam. */
    public static List<String> trainStepCases(String model) {
        List<String> cases = new ArrayList<>(List.of(model + "_generator", model + "_discriminator", "bce_mean",
                "adam_1step", "adam_11steps"));
        if (model.equals("dcgan64")) {
            // Three whole iterations of the seed's model against PyTorch's: the timed loop itself.
            cases.add("trajectory_dcgan64");
        }
        return cases;
    }

    /**
     * What every train-step benchmark checks before timing {@code model}: its conformance cases
     * ({@link #trainStepCases}) and two iterations at the timed batch size against PyTorch's ({@link TimedShapeCheck}).
     *
     * @throws BenchmarkRefusedException when either does not match
     */
    public static void requireTrainStep(ComputeContext context, String model) {
        require(context, model + " train step", trainStepCases(model));
        TimedShapeCheck.require(context, model);
    }

    /** The cases of one layer type, by its spec's type name ({@code Conv2d}, {@code ConvTranspose2d}, ...). */
    public static List<String> layerCases(String layerType) {
        return switch (layerType) {
            case "Conv2d" -> List.of("conv2d_*");
            case "ConvTranspose2d" -> List.of("convt_*");
            case "BatchNorm2d" -> List.of("batchnorm2d_*");
            default -> throw new IllegalArgumentException("no conformance cases for layer type " + layerType);
        };
    }

    /**
     * Runs the cases matching {@code patterns} (globs over case names) on {@code context}.
     *
     * @param workload what is about to be timed, for the message
     * @throws BenchmarkRefusedException naming the first case that did not pass
     */
    public static void require(ComputeContext context, String workload, List<String> patterns) {
        ConformanceSuite all = ConformanceSuite.bundled();
        UnsupportedCases unsupported = UnsupportedCases.of(context.backend());
        int checked = 0;
        for (String pattern : patterns) {
            ConformanceSuite suite = all.matching(pattern);
            for (var testCase : suite.cases()) {
                CaseResult result = suite.run(context, testCase, unsupported);
                checked++;
                if (result.outcome() != Outcome.PASS) {
                    throw new BenchmarkRefusedException("refusing to time backend '" + context.backend().name()
                            + "' on " + workload + ": its results do not match PyTorch's in conformance case "
                            + testCase.name() + " (" + result.outcome() + ": " + result.detail() + "); run "
                            + "`cgan-cli --backend " + context.backend().name() + " conformance` for every case");
                }
            }
        }
        System.out.println("# reference check: backend '" + context.backend().name() + "' matches PyTorch on "
                + checked + " conformance cases for " + workload);
    }
}
