package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.cgan.api.layer.LayerSpec;

/**
 * What both convolution layers hold: the weight, the optional bias, the stride and the padding. The API's two specs
 * share no type, so each subclass hands in its spec's values.
 */
abstract class DjlConvolutionLayer extends DjlLayer {

    protected final NDArray weight;
    protected final NDArray bias;
    protected final int stride;
    protected final int padding;

    DjlConvolutionLayer(DjlContext context, LayerSpec spec, boolean hasBias, int stride, int padding) {
        super(context, spec);
        this.weight = parameter("weight", 0f);
        this.bias = hasBias ? parameter("bias", 0f) : null;
        this.stride = stride;
        this.padding = padding;
    }
}
