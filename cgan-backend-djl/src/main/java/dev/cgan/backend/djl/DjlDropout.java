package dev.cgan.backend.djl;

import dev.cgan.api.layer.Dropout;
import dev.cgan.api.spi.DropoutLayer;

/**
 * {@code nn.Dropout} on the kit's reproducible mask. The kit uploads the mask as a tensor of the caller's scope, not
 * inside the multiplication's temporary DJL scope, which matters here: autograd keeps the mask for the backward pass,
 * and an engine array created from host memory must outlive it (freed with the temporaries, its memory would be reused
 * before the backward pass reads it).
 */
final class DjlDropout extends DropoutLayer<DjlTensor, DjlContext> {

    DjlDropout(DjlContext context, Dropout spec) {
        super(context, spec);
    }

    @Override
    protected DjlTensor passThrough(DjlTensor input) {
        // A new array that autograd links to the input (DJL's duplicate() is detached); x * 1 is exact.
        return context.compute(() -> input.array().mul(1f));
    }

    @Override
    protected DjlTensor multiply(DjlTensor input, DjlTensor scales) {
        return context.compute(() -> input.array().mul(scales.array()));
    }
}
