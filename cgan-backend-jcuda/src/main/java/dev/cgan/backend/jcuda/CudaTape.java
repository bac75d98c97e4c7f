package dev.cgan.backend.jcuda;

import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.tensor.Tensor;

/**
 * The {@link GradientTape} of the CUDA backend: a {@link BackwardTape} of device tensors, whose gradient arithmetic
 * runs as kernels.
 */
final class CudaTape implements GradientTape {

    private final CudaContext context;
    private final BackwardTape<CudaTensor> tape;
    private boolean closed;

    CudaTape(CudaContext context) {
        this.context = context;
        this.tape = new BackwardTape<>(new BackwardTape.Arithmetic<>() {
            @Override
            public boolean isLeaf(CudaTensor t) {
                return t.requiresGrad();
            }

            @Override
            public boolean isTracked(CudaTensor t) {
                return t.tracked();
            }

            @Override
            public void markTracked(CudaTensor t) {
                t.markTracked();
            }

            @Override
            public void addToLeafGradient(CudaTensor leaf, CudaTensor grad) {
                context.ops().accumulate(leaf.gradBuffer(), grad);
            }

            @Override
            public CudaTensor sum(CudaTensor a, CudaTensor b) {
                return context.ops().sum(a, b);
            }

            @Override
            public CudaTensor onesLike(CudaTensor t) {
                return context.filled(t.shape(), 1f);
            }

            @Override
            public boolean sameShape(CudaTensor t, CudaTensor grad) {
                return t.shape().equals(grad.shape());
            }
        });
    }

    void record(CudaTensor output, BackwardTape.Backward<CudaTensor> backward) {
        tape.record(output, backward);
    }

    @Override
    public void backward(Tensor loss) {
        if (closed) {
            throw new IllegalStateException("backward on a closed tape");
        }
        CudaTensor root = context.cuda(loss, "backward");
        if (root.shape().size() != 1) {
            throw new IllegalArgumentException("backward needs a scalar loss (size 1), got shape " + root.shape());
        }
        tape.backward(root);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            tape.clear();
            context.tapeClosed(this);
        }
    }
}
