package dev.cgan.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.ComputeContext;
import org.junit.jupiter.api.Test;

/**
 * The two loops {@link Nd4jOverhead} times compute the same thing: from the same seed, cgan's API and
 * {@link HandWrittenNd4jStep} give the same D+G losses over their first two iterations (the second one also checks
 * both loops' Adam updates), and a hand-written loop from other weights does not. Nothing is timed.
 */
class HandWrittenLoopTest {

    /** Same kernels in both loops: at most a different summation order. */
    static final double LOSS_RTOL = 1e-4;

    @Test
    void theHandWrittenLoopComputesTheApisLosses() {
        try (ComputeContext context = Fixtures.cpu()) {
            OverheadLoops loops = new OverheadLoops(context, "dcgan32", 42, 42);
            double[] api = new double[2];
            for (int i = 0; i < api.length; i++) {
                api[i] = loops.api();
                double hand = loops.handWritten();
                assertTrue(Double.isFinite(api[i]), "iteration " + (i + 1) + " through the API: " + api[i]);
                assertEquals(api[i], hand, LOSS_RTOL * Math.abs(api[i]),
                        "iteration " + (i + 1) + "'s D+G loss, hand-written vs API");
            }
            // The weights moved between the iterations compared, so the second one checks the updates too.
            assertNotEquals(api[0], api[1]);
        }
    }

    @Test
    void aHandWrittenLoopFromOtherWeightsDisagrees() {
        try (ComputeContext context = Fixtures.cpu()) {
            OverheadLoops loops = new OverheadLoops(context, "dcgan32", 42, 43);
            double api = loops.api();
            double hand = loops.handWritten();
            assertTrue(Math.abs(api - hand) > LOSS_RTOL * Math.abs(api),
                    "other initial weights must show in the losses: api " + api + ", hand-written " + hand);
        }
    }
}
