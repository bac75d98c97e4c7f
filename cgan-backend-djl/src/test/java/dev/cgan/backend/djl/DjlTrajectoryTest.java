package dev.cgan.backend.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.Device;
import dev.cgan.conformance.CaseResult;
import dev.cgan.conformance.ConformanceReport;
import dev.cgan.conformance.ConformanceSuite;
import dev.cgan.conformance.Outcome;
import dev.cgan.conformance.TensorComparison;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The seed's 3-iteration dcgan64 trajectory, held to a tighter bar than the fixture's own tolerances (1e-4, 1e-2,
 * 2e-2), against both references the fixture carries:
 * <ul>
 *   <li>real PyTorch's own float32 run of the same three steps: every step's D and G loss within 1e-3 relative;</li>
 *   <li>PyTorch's float64 reference: steps 0 and 1 within 1e-3, step 2 within 5e-3.</li>
 * </ul>
 *
 * <p>Why not 1e-3 against float64 for step 2: after two Adam steps float32 itself drifts from the float64 reference —
 * PyTorch's own float32 run is 1.4e-3 away on this trajectory (3.9e-3 with other seeds), because Adam's first updates
 * are nearly lr·sign(g) and a gradient within rounding of zero flips an update. Asking 1e-3 there would reject PyTorch.
 * The measured errors are printed.
 */
class DjlTrajectoryTest {

    private static final double TOLERANCE = 1e-3;
    private static final double THIRD_STEP_FLOAT64_TOLERANCE = 5e-3;

    @Test
    void everyStepsLossesMatchPyTorch() {
        ConformanceReport report = ConformanceSuite.bundled().matching("trajectory_dcgan64")
                .run(new DjlBackend(), Device.cpu());
        assertEquals(1, report.results().size(), "the bundled suite has one dcgan64 trajectory");
        CaseResult result = report.results().get(0);
        assertEquals(Outcome.PASS, result.outcome(), result.detail());

        List<TensorComparison> float32 = losses(result, "pytorch_float32\\.step\\d+\\.loss_[dg]");
        assertEquals(6, float32.size(), "D and G losses of 3 steps in PyTorch's float32 run");
        for (TensorComparison loss : float32) {
            System.out.println("trajectory vs PyTorch float32 " + loss.summary());
            assertTrue(loss.maxRelError() <= TOLERANCE, loss.summary());
        }

        List<TensorComparison> float64 = losses(result, "step\\d+\\.loss_[dg]");
        assertEquals(6, float64.size(), "D and G losses of 3 steps in the float64 reference");
        for (TensorComparison loss : float64) {
            System.out.println("trajectory vs float64 " + loss.summary());
            double tolerance = loss.name().startsWith("step2.") ? THIRD_STEP_FLOAT64_TOLERANCE : TOLERANCE;
            assertTrue(loss.maxRelError() <= tolerance, loss.summary());
        }
    }

    private static List<TensorComparison> losses(CaseResult result, String nameRegex) {
        return result.comparisons().stream().filter(c -> c.name().matches(nameRegex)).toList();
    }
}
