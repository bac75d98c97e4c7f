package dev.cgan.backend.jcuda;

import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.spi.ConvolutionShape;
import dev.cgan.api.spi.EngineLayer;
import dev.cgan.api.tensor.Shape;
import java.util.function.Function;

/**
 * What both convolution layers run: one cuDNN plan per input shape, the per-channel bias (added after the product,
 * its gradient the channel sums of the output's gradient), and the three products of forward and backward. A
 * convolution and a transposed convolution differ only in which of cuDNN's three directions computes each product.
 */
abstract class CudaConvolution extends EngineLayer<CudaTensor, CudaContext, LayerSpec> {

    private final ConvolutionPlans plans;

    /** {@code sizes}: the layer's {@link ConvolutionShape} for an input shape (from its spec). */
    CudaConvolution(CudaContext context, LayerSpec spec, Function<Shape, ConvolutionShape> sizes) {
        super(context, spec);
        this.plans = new ConvolutionPlans(context, sizes);
    }

    /** The layer's output {@code y} (allocated) from input {@code x} and weight {@code w}, without the bias. */
    abstract void product(ConvolutionPlan plan, CudaTensor x, CudaTensor w, CudaTensor y);

    /** The input's gradient {@code dx} (allocated) from the output's gradient {@code dy}. */
    abstract void inputGradient(ConvolutionPlan plan, CudaTensor w, CudaTensor dy, CudaTensor dx);

    /** The weight's gradient {@code dw} (allocated) from the input {@code x} and the output's gradient {@code dy}. */
    abstract void weightGradient(ConvolutionPlan plan, CudaTensor x, CudaTensor dy, CudaTensor dw);

    @Override
    protected final CudaTensor compute(CudaTensor x, boolean training) {
        return apply(x, parameter("weight"), parameter("bias")); // bias null for a layer without one
    }

    /**
     * The layer's output for input {@code x}, weight {@code w} and bias {@code b} (or null), recorded on the tape:
     * {@link #compute} with the layer's own parameters, {@link CudaSpectralNorm} with its normalised weight.
     */
    final CudaTensor apply(CudaTensor x, CudaTensor w, CudaTensor b) {
        ConvolutionPlan plan = plans.forInput(x.shape());
        ConvolutionShape s = plan.shape();
        CudaTensor y = context.allocate(s.outputShape());
        product(plan, x, w, y);
        int spatial = s.outHeight() * s.outWidth();
        if (b != null) {
            context.ops().addChannelBias(y, b, s.outChannels(), spatial);
        }
        var tape = context.recording(x, w, b);
        if (tape != null) {
            tape.record(y, (dy, grads) -> {
                if (grads.wants(x)) {
                    CudaTensor dx = context.allocate(x.shape());
                    inputGradient(plan, w, dy, dx);
                    grads.add(x, dx);
                }
                if (grads.wants(w)) {
                    CudaTensor dw = context.allocate(w.shape());
                    weightGradient(plan, x, dy, dw);
                    grads.add(w, dw);
                }
                if (b != null && grads.wants(b)) {
                    grads.add(b, context.ops().channelSum(dy, s.batch(), s.outChannels(), spatial));
                }
            });
        }
        return y;
    }
}
