package dev.cgan.backend.jcuda;

import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.tensor.Tensor;

/** {@code nn.Conv2d}: cuDNN forward; backward-data for the input's gradient, backward-filter for the weight's. */
final class CudaConv2d extends CudaLayer {

    private final Conv2d spec;
    private final ConvolutionPlans plans;

    CudaConv2d(CudaContext context, Conv2d spec) {
        super(context, spec);
        this.spec = spec;
        this.plans = new ConvolutionPlans(context,
                input -> ConvGeometry.conv(input, spec.out(), spec.kernel(), spec.stride(), spec.padding()));
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        CudaTensor x = input(input);
        CudaTensor w = parameter("weight");
        CudaTensor b = spec.bias() ? parameter("bias") : null;
        ConvolutionPlan plan = plans.forInput(x.shape());
        ConvGeometry g = plan.geometry();
        CudaTensor y = context.allocate(g.outputShape());
        plan.forward(x.data(), w.data(), y.data());
        int spatial = g.outHeight() * g.outWidth();
        if (b != null) {
            context.ops().addChannelBias(y, b, g.outChannels(), spatial);
        }
        CudaTape tape = context.recording(x, w, b);
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
                    grads.add(b, context.ops().channelSum(dy, g.batch(), g.outChannels(), spatial));
                }
            });
        }
        return y;
    }
}
