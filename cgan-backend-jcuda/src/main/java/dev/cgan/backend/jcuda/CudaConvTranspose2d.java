package dev.cgan.backend.jcuda;

import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.tensor.Tensor;

/**
 * {@code nn.ConvTranspose2d} as cuDNN's convolution run backwards (see {@link ConvGeometry#transposed}): the forward
 * pass is backward-data, the input's gradient is a forward convolution of the output's gradient, and the weight's
 * gradient is backward-filter with the roles of input and output gradient exchanged.
 */
final class CudaConvTranspose2d extends CudaLayer {

    private final ConvTranspose2d spec;
    private final ConvolutionPlans plans;

    CudaConvTranspose2d(CudaContext context, ConvTranspose2d spec) {
        super(context, spec);
        this.spec = spec;
        this.plans = new ConvolutionPlans(context,
                input -> ConvGeometry.transposed(input, spec.out(), spec.kernel(), spec.stride(), spec.padding()));
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        CudaTensor x = input(input);
        CudaTensor w = parameter("weight");
        CudaTensor b = spec.bias() ? parameter("bias") : null;
        ConvolutionPlan plan = plans.forInput(x.shape());
        ConvGeometry g = plan.geometry();
        // The convolution's input is this layer's output.
        CudaTensor y = context.allocate(g.inputShape());
        plan.backwardData(w.data(), x.data(), y.data());
        int spatial = g.inHeight() * g.inWidth();
        if (b != null) {
            context.ops().addChannelBias(y, b, g.inChannels(), spatial);
        }
        CudaTape tape = context.recording(x, w, b);
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
                    grads.add(b, context.ops().channelSum(dy, g.batch(), g.inChannels(), spatial));
                }
            });
        }
        return y;
    }
}
