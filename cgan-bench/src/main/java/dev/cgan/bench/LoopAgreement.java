package dev.cgan.bench;

import dev.cgan.core.train.StepLosses;
import java.util.Arrays;

/**
 * The check before the framework's overhead is timed: from the same weights and batch, the loop through cgan's API and
 * the hand-written loop compute the same D+G losses over their first {@value #ITERATIONS} iterations. The first
 * iteration's losses depend on the initial weights and on D's gradients (G's loss is taken through the updated D); the
 * second's also on G's gradients, through G's first Adam step.
 */
final class LoopAgreement {

    /** Iterations compared. */
    static final int ITERATIONS = 2;

    /** Relative difference allowed between the loops' losses (same kernels: at most a different summation order). */
    static final double LOSS_RTOL = 1e-4;

    private LoopAgreement() {
    }

    /** D+G loss of each of the first {@value #ITERATIONS} iterations through the API, then hand-written. */
    record Losses(double[] api, double[] handWritten) {

        /** The largest relative difference between the two loops' losses. */
        double largestRelativeDifference() {
            double largest = 0;
            for (int i = 0; i < api.length; i++) {
                largest = Math.max(largest, Math.abs(api[i] - handWritten[i]) / Math.abs(api[i]));
            }
            return largest;
        }

        @Override
        public String toString() {
            return "D+G losses of the first " + api.length + " iterations: api " + Arrays.toString(api)
                    + ", hand-written " + Arrays.toString(handWritten) + " (largest relative difference "
                    + largestRelativeDifference() + ")";
        }
    }

    /** Runs the first {@value #ITERATIONS} iterations of both loops, which must both be fresh. */
    static Losses run(TrainingSetup setup, HandWrittenStep handWritten) {
        double[] api = new double[ITERATIONS];
        double[] hand = new double[ITERATIONS];
        for (int i = 0; i < ITERATIONS; i++) {
            StepLosses losses = setup.iterate();
            api[i] = losses.lossD() + losses.lossG();
            hand[i] = handWritten.iterate();
        }
        return new Losses(api, hand);
    }

    /**
     * {@link #run}, then refuses unless the losses agree within {@link #LOSS_RTOL}.
     *
     * @throws BenchmarkRefusedException when they do not
     */
    static Losses require(TrainingSetup setup, HandWrittenStep handWritten) {
        Losses losses = run(setup, handWritten);
        if (!(losses.largestRelativeDifference() <= LOSS_RTOL)) {
            throw new BenchmarkRefusedException("refusing to compare loops that compute different things: " + losses);
        }
        return losses;
    }
}
