package dev.cgan.backend.jcuda;

import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.layer.LeakyReLU;
import dev.cgan.api.layer.ReLU;
import dev.cgan.api.layer.Sigmoid;
import dev.cgan.api.layer.Tanh;
import dev.cgan.api.tensor.Tensor;

/**
 * ReLU, LeakyReLU, Tanh and Sigmoid as element-wise kernels. The backward passes of ReLU, Tanh and Sigmoid read the
 * output (as PyTorch's do); LeakyReLU's reads the input, so that its gradient at exactly 0 is the slope.
 */
final class CudaActivation extends CudaLayer {

    private final String kernel;
    private final boolean backwardFromInput;
    private final float slope;

    CudaActivation(CudaContext context, LayerSpec spec, float slope) {
        super(context, spec);
        this.slope = slope;
        if (spec instanceof ReLU) {
            kernel = "relu";
        } else if (spec instanceof LeakyReLU) {
            kernel = "leaky_relu";
        } else if (spec instanceof Tanh) {
            kernel = "tanh";
        } else if (spec instanceof Sigmoid) {
            kernel = "sigmoid";
        } else {
            throw new UnsupportedOperationException("jcuda has no activation for " + spec.typeName());
        }
        backwardFromInput = spec instanceof LeakyReLU;
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        CudaTensor x = context.cuda(input, spec().typeName());
        CudaTensor y = context.allocate(x.shape());
        int n = x.count();
        CudaOps ops = context.ops();
        if (backwardFromInput) {
            ops.launch(KernelSource.ELEMENTWISE, kernel + "_forward", n, x.data(), y.data(), slope, n);
        } else {
            ops.launch(KernelSource.ELEMENTWISE, kernel + "_forward", n, x.data(), y.data(), n);
        }
        CudaTape tape = context.recording(x);
        if (tape != null) {
            tape.record(y, (g, grads) -> {
                CudaTensor dx = context.allocate(x.shape());
                if (backwardFromInput) {
                    ops.launch(KernelSource.ELEMENTWISE, kernel + "_backward", n, x.data(), g.data(), dx.data(),
                            slope, n);
                } else {
                    ops.launch(KernelSource.ELEMENTWISE, kernel + "_backward", n, y.data(), g.data(), dx.data(), n);
                }
                grads.add(x, dx);
            });
        }
        return y;
    }
}
