package dev.cgan.backend.jcuda;

import dev.cgan.api.layer.Dropout;
import dev.cgan.api.layer.DropoutMask;
import dev.cgan.api.tensor.Tensor;
import java.util.OptionalLong;

/**
 * {@code nn.Dropout} with the API's reproducible mask: in training mode the multipliers (0 or {@code 1 / (1 - p)})
 * come from the layer's {@link DropoutMask} stream on the host, are uploaded as a tensor of the caller's scope and
 * multiplied in by a kernel; the backward pass multiplies the gradient by the same device mask, which the tape's
 * closure keeps. Evaluation mode is a copy whose gradient is the output's, and draws nothing.
 */
final class CudaDropout extends CudaLayer {

    private final double p;
    private final DropoutMask mask;

    CudaDropout(CudaContext context, Dropout spec) {
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
        CudaTensor x = input(input);
        CudaTensor y = context.allocate(x.shape());
        int n = x.count();
        CudaOps ops = context.ops();
        if (!training) {
            context.copyOnDevice(y.data(), x.data(), x.bytes());
            CudaTape tape = context.recording(x);
            if (tape != null) {
                tape.record(y, (g, grads) -> grads.add(x, g));
            }
            return y;
        }
        CudaTensor scales = (CudaTensor) context.tensor(mask.nextScales(n, p), x.shape());
        ops.launch(KernelSource.ELEMENTWISE, "multiply", n, x.data(), scales.data(), y.data(), n);
        CudaTape tape = context.recording(x);
        if (tape != null) {
            tape.record(y, (g, grads) -> {
                CudaTensor dx = context.allocate(x.shape());
                ops.launch(KernelSource.ELEMENTWISE, "multiply", n, g.data(), scales.data(), dx.data(), n);
                grads.add(x, dx);
            });
        }
        return y;
    }
}
