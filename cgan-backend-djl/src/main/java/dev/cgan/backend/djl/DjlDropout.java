package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.cgan.api.layer.Dropout;
import dev.cgan.api.layer.DropoutMask;

/**
 * {@code nn.Dropout} with the API's reproducible mask: the multipliers come from the layer's {@link DropoutMask}
 * stream on the host and are uploaded, so the same elements drop as on every other backend; evaluation mode is a
 * differentiable copy.
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
    NDArray apply(NDArray input, boolean training) {
        if (!training) {
            // A new array that autograd links to the input (DJL's duplicate() is detached); x * 1 is exact.
            return input.mul(1f);
        }
        float[] scales = mask.nextScales(Math.toIntExact(input.size()), p);
        return input.mul(input.getManager().create(scales, input.getShape()));
    }
}
