package dev.cgan.backend.jcuda;

import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.spi.ConvolutionShape;
import dev.cgan.api.spi.EngineLayer;

/** {@code nn.Conv2d}: cuDNN forward; backward-data for the input's gradient, backward-filter for the weight's. */
final class CudaConv2d extends EngineLayer<CudaTensor> {

    private final CudaContext context;
    private final Conv2d spec;
    private final ConvolutionPlans plans;

    CudaConv2d(CudaContext context, Conv2d spec) {
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
        CudaTensor y = context.allocate(s.outputShape());
        plan.forward(x.data(), w.data(), y.data());
        int spatial = s.outHeight() * s.outWidth();
        if (b != null) {
            context.ops().addChannelBias(y, b, s.outChannels(), spatial);
        }
        var tape = context.recording(x, w, b);
        if (tape != null) {
            tape.record(y, (dy, grads) -> {
                if (grads.wants(x)) {
                    CudaTensor dx = context.allocate(x.shape());
                    plan.backwardData(w.data(), dy.data(), dx.data());
                    grads.add(x, dx);
                }
                if (grads.wants(w)) {
                    CudaTensor dw = context.allocate(w.shape());
                    plan.backwardFilter(x.data(), dy.data(), dw.data());
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
