package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.cgan.api.layer.Dropout;
import dev.cgan.api.layer.DropoutMask;
import dev.cgan.api.tensor.Tensor;
import java.util.OptionalLong;

/**
 * {@code nn.Dropout} with the API's reproducible mask: the multipliers come from the layer's {@link DropoutMask}
 * stream on the host and are uploaded, so the same elements drop as on every other backend; evaluation mode is a
 * differentiable copy.
 *
 * <p>The mask is uploaded as a tensor of the caller's scope, not inside the forward computation's temporary scope:
 * autograd keeps the mask for the backward pass, and an engine array created from host memory must outlive it (freed
 * with the temporaries, its memory would be reused before the backward pass reads it).
 */
final class DjlDropout extends DjlLayer {

    private final double p;
    private final DropoutMask mask;

    DjlDropout(DjlContext context, Dropout spec) {
        super(context, spec);
        this.p = spec.p();
        this.mask = new DropoutMask(spec.seed());
    }

    @Override
    public OptionalLong randomState() {
        return OptionalLong.of(mask.state());
    }

    @Override
    public void restoreRandomState(long state) {
        mask.setState(state);
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        if (!training) {
            return super.forward(input, false);
        }
        Tensor scales = context.tensor(mask.nextScales(input.shape().sizeAsInt(), p), input.shape());
        return context.compute(() -> context.array(input).mul(context.array(scales)));
    }

    @Override
    NDArray apply(NDArray input, boolean training) {
        // Evaluation mode only (training mode is handled in forward): a new array that autograd links to the input
        // (DJL's duplicate() is detached); x * 1 is exact.
        return input.mul(1f);
    }
}
