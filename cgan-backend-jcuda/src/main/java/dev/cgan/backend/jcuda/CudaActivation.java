package dev.cgan.backend.jcuda;

import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.layer.LeakyReLU;
import dev.cgan.api.layer.ReLU;
import dev.cgan.api.layer.Sigmoid;
import dev.cgan.api.layer.Tanh;
import dev.cgan.api.spi.EngineLayer;

/**
 * ReLU, LeakyReLU, Tanh and Sigmoid as element-wise kernels ({@code <kernel>_forward} and {@code <kernel>_backward}
 * of elementwise.cu). The backward passes of ReLU, Tanh and Sigmoid read the output (as PyTorch's do); LeakyReLU's
 * reads the input, so that its gradient at exactly 0 is the slope.
 */
final class CudaActivation extends EngineLayer<CudaTensor, CudaContext, LayerSpec> {

    private final String kernel;
    private final boolean leaky;
    private final float slope;

    private CudaActivation(CudaContext context, LayerSpec spec, String kernel, boolean leaky, float slope) {
        super(context, spec);
        this.kernel = kernel;
        this.leaky = leaky;
        this.slope = slope;
    }

    static CudaActivation relu(CudaContext context, ReLU spec) {
        return new CudaActivation(context, spec, "relu", false, 0f);
    }

    static CudaActivation leakyRelu(CudaContext context, LeakyReLU spec) {
        return new CudaActivation(context, spec, "leaky_relu", true, (float) spec.slope());
    }

    static CudaActivation tanh(CudaContext context, Tanh spec) {
        return new CudaActivation(context, spec, "tanh", false, 0f);
    }

    static CudaActivation sigmoid(CudaContext context, Sigmoid spec) {
        return new CudaActivation(context, spec, "sigmoid", false, 0f);
    }

    @Override
    protected CudaTensor compute(CudaTensor x, boolean training) {
        CudaTensor y = context.allocate(x.shape());
        int n = x.count();
        CudaTensorOps ops = context.ops();
        if (leaky) {
            ops.launch(KernelSource.ELEMENTWISE, kernel + "_forward", n, x.data(), y.data(), slope, n);
        } else {
            ops.launch(KernelSource.ELEMENTWISE, kernel + "_forward", n, x.data(), y.data(), n);
        }
        var tape = context.recording(x);
        if (tape != null) {
            tape.record(y, (g, grads) -> {
                CudaTensor dx = context.allocate(x.shape());
                if (leaky) {
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
