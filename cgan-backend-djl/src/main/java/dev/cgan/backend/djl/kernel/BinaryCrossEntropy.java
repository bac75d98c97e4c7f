package dev.cgan.backend.djl.kernel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/**
 * PyTorch's two binary cross-entropy losses (mean reduction), value and gradient, from DJL's element-wise operations.
 *
 * <p>DJL's own {@code SigmoidBinaryCrossEntropyLoss(fromSigmoid = true)} has the opposite sign, and autograd through
 * {@code clamp(log p, -100)} would give a zero gradient at p = 0 or 1 where PyTorch's kernel gives
 * {@code (p - t) / max(p(1 - p), 1e-12) / n}. So the value is computed on detached inputs with PyTorch's formula, and
 * the gradient is attached as a term that is exactly zero in value: {@code value + Σ (x - detach(x)) · g}, whose
 * derivative with respect to {@code x} is exactly {@code g}, PyTorch's gradient.
 *
 * <p>Call inside an {@code NDScope}; intermediates are left for it.
 */
public final class BinaryCrossEntropy {

    /** PyTorch's floor under each log term. */
    private static final float LOG_FLOOR = -100f;
    /** PyTorch's floor under {@code p(1 - p)} in the gradient. */
    private static final float GRADIENT_EPSILON = 1e-12f;

    private BinaryCrossEntropy() {
    }

    /**
     * {@code binary_cross_entropy(p, t)}: {@code mean((t - 1) · max(log1p(-p), -100) - t · max(log p, -100))}, gradient
     * {@code (p - t) / max((1 - p) · p, 1e-12) / n}.
     */
    public static NDArray onProbabilities(NDArray prediction, NDArray target) {
        NDArray p = prediction.stopGradient();
        NDArray t = target.stopGradient();
        NDArray logP = p.log().maximum(LOG_FLOOR);
        NDArray logNotP = log1pOfNegative(p).maximum(LOG_FLOOR);
        NDArray value = t.sub(1f).mul(logNotP).sub(t.mul(logP)).mean();
        if (!TorchFunctions.isGradEnabled()) {
            return value;
        }
        NDArray gradient = p.sub(t).div(p.neg().add(1f).mul(p).maximum(GRADIENT_EPSILON)).div((float) p.size());
        return withGradient(value, prediction, p, gradient);
    }

    /**
     * {@code binary_cross_entropy_with_logits(x, t)}: {@code mean((1 - t) · x - log_sigmoid(x))}, gradient
     * {@code (sigmoid(x) - t) / n}.
     */
    public static NDArray onLogits(NDArray logits, NDArray target) {
        NDArray x = logits.stopGradient();
        NDArray t = target.stopGradient();
        // -log_sigmoid(x) = softplus(-x), which libtorch evaluates stably.
        NDArray value = t.neg().add(1f).mul(x).add(TorchFunctions.softplus(x.neg())).mean();
        if (!TorchFunctions.isGradEnabled()) {
            return value;
        }
        NDArray gradient = TorchFunctions.sigmoid(x).sub(t).div((float) x.size());
        return withGradient(value, logits, x, gradient);
    }

    /** {@code value + Σ (x - detached) · gradient}: the same value, and d/dx = gradient. */
    private static NDArray withGradient(NDArray value, NDArray x, NDArray detached, NDArray gradient) {
        return value.add(x.sub(detached).mul(gradient).sum());
    }

    /**
     * {@code log1p(-p)}, which DJL does not expose: {@code log(1 - p)} loses the low bits of small {@code p}, so the
     * rounding of {@code u = 1 - p} is compensated as {@code log(u) · (-p) / (u - 1)} (exact where {@code u = 1}).
     */
    static NDArray log1pOfNegative(NDArray p) {
        NDArray u = p.neg().add(1f);
        NDArray uMinusOne = u.sub(1f);
        NDArray compensated = u.log().mul(p.neg()).div(uMinusOne);
        return NDArrays.where(uMinusOne.eq(0f), p.neg(), compensated);
    }
}
