package dev.cgan.backend.jcuda;

import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tape of backward closures: every differentiable operation run while it is open appends a node (its output and a
 * closure that turns the output's gradient into its inputs' gradients). {@link #backward} walks the nodes newest
 * first, so each node sees the complete gradient of its output before it runs; leaves add their gradient into
 * {@link Tensor#grad()}. A node runs at most once: a second backward call goes through parts of the graph that no
 * earlier call consumed (the GAN pattern of {@link GradientTape}).
 */
final class CudaTape implements GradientTape {

    /** The backward pass of one operation. */
    @FunctionalInterface
    interface Backward {
        void apply(CudaTensor gradOutput, Gradients gradients);
    }

    /** Where a backward closure delivers its inputs' gradients. */
    interface Gradients {

        /** Whether a gradient for {@code input} is of use (skip computing it otherwise). */
        boolean wants(CudaTensor input);

        /** Adds {@code grad} (same shape as {@code input}) to the gradient of {@code input}. */
        void add(CudaTensor input, CudaTensor grad);
    }

    private static final class Node {
        final CudaTensor output;
        final Backward backward;
        boolean consumed;

        Node(CudaTensor output, Backward backward) {
            this.output = output;
            this.backward = backward;
        }
    }

    private final CudaContext context;
    private final List<Node> nodes = new ArrayList<>();
    private boolean closed;

    CudaTape(CudaContext context) {
        this.context = context;
    }

    void record(CudaTensor output, Backward backward) {
        output.markTracked();
        nodes.add(new Node(output, backward));
    }

    int size() {
        return nodes.size();
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
        Map<CudaTensor, CudaTensor> pending = new IdentityHashMap<>();
        Gradients gradients = new Gradients() {
            @Override
            public boolean wants(CudaTensor input) {
                return input.needsGrad();
            }

            @Override
            public void add(CudaTensor input, CudaTensor grad) {
                if (!grad.shape().equals(input.shape())) {
                    throw new IllegalStateException("gradient of shape " + grad.shape() + " for a tensor of shape "
                            + input.shape());
                }
                if (input.requiresGrad()) {
                    context.ops().accumulate(input.gradBuffer(), grad);
                } else if (input.tracked()) {
                    CudaTensor earlier = pending.get(input);
                    // Out of place: the same gradient tensor may have been handed to several inputs.
                    pending.put(input, earlier == null ? grad : context.ops().sum(earlier, grad));
                }
            }
        };
        if (root.requiresGrad()) {
            gradients.add(root, context.filled(root.shape(), 1f));
        }
        if (root.tracked()) {
            pending.put(root, context.filled(root.shape(), 1f));
        }
        for (int i = nodes.size() - 1; i >= 0 && !pending.isEmpty(); i--) {
            Node node = nodes.get(i);
            CudaTensor gradOutput = node.consumed ? null : pending.remove(node.output);
            if (gradOutput != null) {
                node.consumed = true;
                node.backward.apply(gradOutput, gradients);
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            nodes.clear();
            context.tapeClosed(this);
        }
    }
}
