package dev.cgan.backend.djl.kernel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;

/**
 * The PyTorch functions this backend needs that DJL's {@link NDArray} API does not expose, or exposes with another
 * convention, called through the PyTorch engine's JNI layer. Every call that reaches past DJL's public API lives here,
 * so an engine upgrade has one file to check.
 *
 * <p>All arrays must come from the PyTorch engine (this backend creates nothing else).
 */
public final class TorchFunctions {

    private TorchFunctions() {
    }

    /** {@code torch.nn.functional.conv2d} with symmetric zero padding; {@code bias} may be null. */
    public static NDArray conv2d(NDArray input, NDArray weight, NDArray bias, int stride, int padding) {
        return JniUtils.convolution(pt(input), pt(weight), bias == null ? null : pt(bias),
                new Shape(stride, stride), new Shape(padding, padding), new Shape(1, 1), 1);
    }

    /** {@code torch.nn.functional.linear}: {@code x W^T + b}; {@code bias} may be null. */
    public static NDArray linear(NDArray input, NDArray weight, NDArray bias) {
        return JniUtils.linear(pt(input), pt(weight), bias == null ? null : pt(bias));
    }

    /**
     * {@code torch.nn.functional.batch_norm} with PyTorch's own momentum (weight of the new statistic), passed as a
     * double so that 0.1 stays exactly PyTorch's 0.1 (DJL's wrapper takes {@code 1 - momentum} as a float). In
     * training mode libtorch updates the running statistics in place, with the unbiased batch variance.
     */
    public static NDArray batchNorm(NDArray input, NDArray runningMean, NDArray runningVar, NDArray weight,
                                    NDArray bias, boolean training, double momentum, double eps) {
        // The JNI entry takes (input, running_mean, running_var, weight, bias) in this order, whatever the Java
        // parameter names of JniUtils.batchNorm say.
        return JniUtils.batchNorm(pt(input), pt(runningMean), pt(runningVar), pt(weight), pt(bias), training,
                momentum, eps);
    }

    /**
     * {@code torch.nn.functional.pad} (constant zero) on the last two dimensions: {@code left, right, top, bottom}.
     * Negative amounts crop, which is how the transposed convolutions express padding larger than their kernel.
     */
    public static NDArray pad2d(NDArray input, long left, long right, long top, long bottom) {
        return JniUtils.pad(pt(input), new long[] {left, right, top, bottom}, 0.0);
    }

    /**
     * {@code torch.nn.functional.pad} (constant zero) with PyTorch's argument order: amounts for the last dimension
     * first, two per dimension ({@code before, after}).
     */
    public static NDArray pad(NDArray input, long... amounts) {
        return JniUtils.pad(pt(input), amounts, 0.0);
    }

    /**
     * Copies {@code source} into {@code target} element by element, in place ({@code target.copy_(source)}): the
     * target keeps its storage, so every alias of it sees the new values. Both have the same shape. Call with
     * recording off when the target requires gradients.
     */
    public static void copyInto(NDArray target, NDArray source) {
        long[] shape = target.getShape().getShape();
        if (shape.length == 0) {
            // libtorch needs at least one slice to assign through; a 1-element view shares the scalar's storage.
            try (NDArray t = target.reshape(1); NDArray s = source.reshape(1)) {
                copyInto(t, s);
            }
            return;
        }
        long[] start = new long[shape.length];
        long[] step = new long[shape.length];
        Arrays.fill(step, 1);
        JniUtils.indexSet(pt(target), pt(source), start, shape, step);
    }

    /**
     * {@code torch.nn.functional.avg_pool2d(x, kernel)}: stride = kernel, no padding, floor mode (a partial window at
     * the bottom or right is dropped).
     */
    public static NDArray avgPool2d(NDArray input, int kernel) {
        return JniUtils.avgPool(pt(input), new Shape(kernel, kernel), new Shape(kernel, kernel), new Shape(0, 0),
                false, true);
    }

    /** {@code torch.relu}; its gradient at 0 is 0. */
    public static NDArray relu(NDArray input) {
        return JniUtils.relu(pt(input));
    }

    /** {@code torch.nn.functional.leaky_relu}; its gradient at 0 is {@code slope}. */
    public static NDArray leakyRelu(NDArray input, double slope) {
        return JniUtils.leakyRelu(pt(input), slope);
    }

    /** {@code torch.sigmoid}. */
    public static NDArray sigmoid(NDArray input) {
        return JniUtils.sigmoid(pt(input));
    }

    /** {@code torch.nn.functional.softplus} (beta 1, threshold 20). */
    public static NDArray softplus(NDArray input) {
        return JniUtils.softPlus(pt(input));
    }

    /** Basic slicing {@code x[min_0:max_0:step_0, ...]} over every dimension (a view, differentiable). */
    public static NDArray slice(NDArray input, long[] min, long[] max, long[] step) {
        PtNDArray array = pt(input);
        return JniUtils.index(array, min, max, step, array.getManager());
    }

    /** Whether libtorch records operations on this thread ({@code torch.is_grad_enabled()}). */
    public static boolean isGradEnabled() {
        return JniUtils.isGradMode();
    }

    /** Turns operation recording on or off for this thread ({@code torch.set_grad_enabled}). */
    public static void setGradEnabled(boolean enabled) {
        JniUtils.setGradMode(enabled);
    }

    /**
     * The tensor's accumulated gradient ({@code .grad}), or null if no backward pass has reached it yet. The wrapper
     * is new per call; the gradient itself stays with the tensor.
     */
    public static NDArray gradient(NDArray array) {
        return JniUtils.getGradient(pt(array));
    }

    /**
     * Back-propagates from a scalar with recording switched on for the call only, without DJL's gradient collector
     * (of which a process may hold only one). Gradients accumulate into the leaves as usual.
     */
    public static void backward(NDArray loss) {
        boolean before = isGradEnabled();
        try (NDArray seed = loss.onesLike()) {
            JniUtils.backward(pt(loss), pt(seed), false, false);
        } finally {
            setGradEnabled(before);
        }
    }

    /**
     * libtorch's {@code requires_grad_(required)} on a leaf; its {@code .grad} is kept either way (an accumulate step
     * adds nothing into a leaf that does not require a gradient).
     */
    public static void requireGradient(NDArray array, boolean required) {
        JniUtils.attachGradient(pt(array), required);
    }

    /** Sets the tensor's accumulated gradient to zero in place, if it has one (a no-op before any backward). */
    public static void zeroGrad(NDArray array) {
        JniUtils.zeroGrad(pt(array));
    }

    /** libtorch's intra-op thread count ({@code torch.set_num_threads}); process-wide. */
    public static void setThreads(int threads) {
        JniUtils.setNumThreads(threads);
    }

    /** libtorch's intra-op thread count. */
    public static int threads() {
        return JniUtils.getNumThreads();
    }

    /** Whether the loaded libtorch was built with CUDA. */
    public static boolean hasCuda() {
        return JniUtils.getFeatures().contains("CUDA");
    }

    private static PtNDArray pt(NDArray array) {
        if (array instanceof PtNDArray p) {
            return p;
        }
        throw new IllegalArgumentException("not a PyTorch array: " + array.getClass().getName());
    }
}
