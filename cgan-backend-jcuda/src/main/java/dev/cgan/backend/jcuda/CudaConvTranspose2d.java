package dev.cgan.backend.jcuda;

import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.spi.ConvolutionShape;
import dev.cgan.api.spi.EngineLayer;

/**
 * {@code nn.ConvTranspose2d} as cuDNN's convolution run backwards (see {@link ConvGeometry#of}): the forward pass is
 * backward-data, the input's gradient is a forward convolution of the output's gradient, and the weight's gradient is
 * backward-filter with the roles of input and output gradient exchanged.
 */
final class CudaConvTranspose2d extends EngineLayer<CudaTensor> {

    private final CudaContext context;
    private final ConvTranspose2d spec;
    private final ConvolutionPlans plans;

    CudaConvTranspose2d(CudaContext context, ConvTranspose2d spec) {
        super(context, spec);
        this.context = context;
        this.spec = spec;
        this.plans = new ConvolutionPlans(context, input -> ConvolutionShape.of(spec, input));
    }

    @Override
    protected CudaTensor compute(CudaTensor x, boolean training) {
        CudaTensor w = parameter("weight");
        CudaTensor b = spec.bias() ? parameter("bias") : null;
        ConvolutionPlan plan = plans.forInput(x.shape());
        ConvolutionShape s = plan.shape();
        // The layer's output is the input of cuDNN's convolution, computed as that convolution's data gradient.
        CudaTensor y = context.allocate(s.outputShape());
        plan.backwardData(w.data(), x.data(), y.data());
        int spatial = s.outHeight() * s.outWidth();
        if (b != null) {
            context.ops().addChannelBias(y, b, s.outChannels(), spatial);
        }
        var tape = context.recording(x, w, b);
        if (tape != null) {
            tape.record(y, (dy, grads) -> {
                if (grads.wants(x)) {
                    CudaTensor dx = context.allocate(x.shape());
                    plan.forward(dy.data(), w.data(), dx.data());
                    grads.add(x, dx);
                }
                if (grads.wants(w)) {
                    CudaTensor dw = context.allocate(w.shape());
                    plan.backwardFilter(dy.data(), x.data(), dw.data());
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
