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
 * The seed's 3-iteration dcgan64 trajectory against PyTorch's float64 reference, held to a tighter bar than the
 * fixture's own tolerances (1e-4, 1e-2, 2e-2): the losses of steps 0 and 1 within 1e-3 relative, step 2 within 5e-3.
 *
 * <p>Why not 1e-3 for step 2: after two Adam steps float32 itself drifts from the float64 reference — the fixture
 * generator measured PyTorch's own float32 run 1.6e-3 away on this trajectory (3.9e-3 with other seeds), because
 * Adam's first updates are nearly lr·sign(g) and a gradient within rounding of zero flips an update. Asking 1e-3 there
 * would reject PyTorch. The measured errors are printed.
 */
class DjlTrajectoryTest {

    private static final double EARLY_STEPS_TOLERANCE = 1e-3;
    private static final double THIRD_STEP_TOLERANCE = 5e-3;

    @Test
    void everyStepsLossesMatchPyTorch() {
        ConformanceReport report = ConformanceSuite.bundled().matching("trajectory_dcgan64")
                .run(new DjlBackend(), Device.cpu());
        assertEquals(1, report.results().size(), "the bundled suite has one dcgan64 trajectory");
        CaseResult result = report.results().get(0);
        assertEquals(Outcome.PASS, result.outcome(), result.detail());
        List<TensorComparison> losses = result.comparisons().stream()
                .filter(c -> c.name().matches(".*step\\d+\\.loss_[dg]"))
                .toList();
        assertEquals(6, losses.size(), "D and G losses of 3 steps");
        for (TensorComparison loss : losses) {
            System.out.println("trajectory " + loss.summary());
            double tolerance = loss.name().contains("step2.") ? THIRD_STEP_TOLERANCE : EARLY_STEPS_TOLERANCE;
            assertTrue(loss.maxRelError() <= tolerance, loss.summary());
        }
    }
}
