package dev.cgan.api.spi;

import dev.cgan.api.optim.OptimizerSpec;
import java.nio.FloatBuffer;

/**
 * One step of {@code torch.optim.Adam} (single-tensor path, no weight decay, no amsgrad) on float32 values in host
 * memory, for engines that keep parameters and moments where Java can read them (nd4j, onednn), with the float32
 * operations in PyTorch's order and rounding:
 * <pre>
 * m.lerp_(g, 1 - beta1)
 * v.mul_(beta2).addcmul_(g, g, value = 1 - beta2)
 * p.addcdiv_(m, sqrt(v) / sqrt(1 - beta2^t) + eps, value = -lr / (1 - beta1^t))
 * </pre>
 * The step's scalars come from {@link AdamStep} in double, narrowed to float32 where they are applied, as libtorch
 * does (Java does not fuse multiply-adds, so each operation rounds as libtorch's do). {@link #update} works on a range
 * of elements, so an engine can split a parameter across its threads.
 */
public final class HostAdam {

    /** Elements per block: four arrays of it stay in a core's L1/L2 cache. */
    private static final int BLOCK = 2048;

    private final float w;
    private final float keep;
    private final boolean smallWeight;
    private final float beta2;
    private final float oneMinusBeta2;
    private final float negativeStepSize;
    private final float biasCorrection2Sqrt;
    private final float eps;

    /** The scalars of step {@code step} (counted from 1) of {@code spec}. */
    public HostAdam(OptimizerSpec.Adam spec, long step) {
        AdamStep scalars = AdamStep.of(spec, step);
        this.w = (float) (1 - spec.beta1());
        this.keep = 1f - w;
        this.smallWeight = Math.abs(w) < 0.5f;
        this.beta2 = (float) spec.beta2();
        this.oneMinusBeta2 = (float) (1 - spec.beta2());
        this.negativeStepSize = (float) -scalars.stepSize();
        this.biasCorrection2Sqrt = (float) scalars.biasCorrection2Sqrt();
        this.eps = (float) spec.eps();
    }

    /**
     * Updates elements {@code from} (inclusive) to {@code to} of parameter {@code p} and its moments {@code m},
     * {@code v}. The elements go through Java arrays a cache-sized block at a time (bulk copies in and out), where
     * the JIT vectorises the loops, which it does not for buffer accesses; the arithmetic is the same per element.
     */
    public void update(FloatBuffer p, FloatBuffer g, FloatBuffer m, FloatBuffer v, int from, int to) {
        int block = Math.min(BLOCK, Math.max(0, to - from));
        float[] pb = new float[block];
        float[] gb = new float[block];
        float[] mb = new float[block];
        float[] vb = new float[block];
        for (int at = from; at < to; at += BLOCK) {
            int n = Math.min(BLOCK, to - at);
            p.get(at, pb, 0, n);
            g.get(at, gb, 0, n);
            m.get(at, mb, 0, n);
            v.get(at, vb, 0, n);
            // m.lerp_(g, w) in libtorch's two forms: m + w (g - m) for small weights, else g - (g - m)(1 - w).
            if (smallWeight) {
                for (int i = 0; i < n; i++) {
                    mb[i] = mb[i] + (gb[i] - mb[i]) * w;
                }
            } else {
                for (int i = 0; i < n; i++) {
                    mb[i] = (mb[i] - gb[i]) * keep + gb[i];
                }
            }
            for (int i = 0; i < n; i++) {
                float gi = gb[i];
                float vi = vb[i] * beta2 + gi * oneMinusBeta2 * gi;
                vb[i] = vi;
                // sqrt in double, narrowed: the correctly rounded float square root (the JIT emits the float one).
                float denominator = (float) Math.sqrt(vi) / biasCorrection2Sqrt + eps;
                pb[i] = pb[i] + mb[i] * negativeStepSize / denominator;
            }
            p.put(at, pb, 0, n);
            m.put(at, mb, 0, n);
            v.put(at, vb, 0, n);
        }
    }
}
