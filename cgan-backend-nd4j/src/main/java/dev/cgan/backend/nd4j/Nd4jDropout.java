package dev.cgan.backend.nd4j;

import dev.cgan.api.layer.Dropout;
import dev.cgan.api.spi.DropoutLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code nn.Dropout} on ND4J arrays: the kit draws the multipliers; here the output {@code x * scales} and the gradient
 * {@code g * scales}, and evaluation mode's copy whose gradient passes through.
 */
final class Nd4jDropout extends DropoutLayer<Nd4jTensor, Nd4jContext> {

    Nd4jDropout(Nd4jContext context, Dropout spec) {
        super(context, spec);
    }

    @Override
    protected Nd4jTensor passThrough(Nd4jTensor x) {
        return context.compute(() -> x.array().dup('c'), g -> new INDArray[] {g}, x);
    }

    @Override
    protected Nd4jTensor multiply(Nd4jTensor x, Nd4jTensor scales) {
        return context.compute(() -> x.array().mul(scales.array()), g -> new INDArray[] {g.mul(scales.array())}, x);
    }
}
