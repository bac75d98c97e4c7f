package dev.cgan.api.spi;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reverse-mode differentiation as a list of backward closures, for engines without autograd of their own. Every
 * recorded operation appends a node: its output and a closure that turns the output's gradient into its inputs'
 * gradients. {@link #backward} walks the nodes newest first, so each node has the complete gradient of its output
 * before it runs; leaves add their gradient into their own ({@link GradientMath#accumulate}).
 *
 * <p>A node runs at most once, as PyTorch frees a graph after backward: a later backward call may go through parts of
 * the graph no earlier call consumed (the GAN pattern of {@link dev.cgan.api.autograd.GradientTape}), and one that
 * reaches a consumed node fails as PyTorch does without {@code retain_graph=True}.
 *
 * @param <T> the engine's tensor type (the keys: outputs and inputs)
 * @param <G> what gradients are while they flow (the tensor type itself, or the engine's raw array type)
 */
public final class BackwardTape<T extends EngineTensor, G> implements EngineTape<T> {

    /** The gradient arithmetic the walk needs. */
    public interface GradientMath<T, G> {

        /** A gradient of ones shaped like {@code t}: the seed at the root. */
        G onesLike(T t);

        /** {@code a + b} as a new gradient (neither is modified: a gradient may be handed to several inputs). */
        G sum(G a, G b);

        /** {@code leaf.grad += grad}. */
        void accumulate(T leaf, G grad);
    }

    /** The backward pass of one operation, delivering its inputs' gradients to {@code gradients}. */
    @FunctionalInterface
    public interface Backward<T, G> {
        void apply(G gradOutput, Gradients<T, G> gradients);
    }

    /** The backward pass of one operation as an array of its inputs' gradients, in input order ({@code null}: none). */
    @FunctionalInterface
    public interface InputGradients<G> {
        G[] apply(G gradOutput);
    }

    /** Where a backward closure delivers its inputs' gradients. */
    public interface Gradients<T, G> {

        /** Whether a gradient for {@code input} is of use (skip computing it otherwise). */
        boolean wants(T input);

        /** Adds {@code grad} to the gradient of {@code input} (ignored if it is of no use). */
        void add(T input, G grad);
    }

    private static final class Node<T, G> {
        final T output;
        final Backward<T, G> backward;
        boolean consumed;

        Node(T output, Backward<T, G> backward) {
            this.output = output;
            this.backward = backward;
        }
    }

    private final GradientMath<T, G> math;
    private final List<Node<T, G>> nodes = new ArrayList<>();
    private boolean closed;

    public BackwardTape(GradientMath<T, G> math) {
        this.math = math;
    }

    /**
     * Records an operation whose output is {@code output}; the caller has checked that one of its inputs needs a
     * gradient ({@link EngineContext#recording}). Marks the output as tracked.
     */
    public void record(T output, Backward<T, G> backward) {
        if (closed) {
            return;
        }
        output.markTracked();
        nodes.add(new Node<>(output, backward));
    }

    /**
     * Records an operation on {@code inputs} when one of them needs a gradient, with its backward as an array of the
     * inputs' gradients. Returns whether it recorded.
     */
    @SafeVarargs
    public final boolean record(T output, InputGradients<G> backward, T... inputs) {
        if (closed) {
            return false;
        }
        boolean needed = false;
        for (T input : inputs) {
            if (input != null && input.needsGrad()) {
                needed = true;
                break;
            }
        }
        if (!needed) {
            return false;
        }
        T[] recordedInputs = inputs.clone();
        record(output, (gradOutput, gradients) -> {
            G[] inputGradients = backward.apply(gradOutput);
            for (int k = 0; k < recordedInputs.length; k++) {
                if (recordedInputs[k] != null && inputGradients[k] != null) {
                    gradients.add(recordedInputs[k], inputGradients[k]);
                }
            }
        });
        return true;
    }

    /** How many operations have been recorded. */
    public int size() {
        return nodes.size();
    }

    @Override
    public void backward(T root) {
        if (closed) {
            throw new IllegalStateException("backward on a closed GradientTape");
        }
        Map<T, G> pending = new IdentityHashMap<>();
        Gradients<T, G> gradients = new Gradients<>() {
            @Override
            public boolean wants(T input) {
                return input.needsGrad();
            }

            @Override
            public void add(T input, G grad) {
                if (input.requiresGrad()) {
                    math.accumulate(input, grad);
                } else if (input.tracked()) {
                    G earlier = pending.get(input);
                    pending.put(input, earlier == null ? grad : math.sum(earlier, grad));
                }
            }
        };
        if (root.requiresGrad()) {
            math.accumulate(root, math.onesLike(root));
            return;
        }
        if (!root.tracked()) {
            return;
        }
        pending.put(root, math.onesLike(root));
        for (int i = nodes.size() - 1; i >= 0 && !pending.isEmpty(); i--) {
            Node<T, G> node = nodes.get(i);
            G gradOutput = pending.remove(node.output);
            if (gradOutput == null) {
                continue;
            }
            if (node.consumed) {
                throw new IllegalStateException("backward reached a part of the graph that an earlier backward call "
                        + "has already consumed (PyTorch would need retain_graph=True)");
            }
            node.consumed = true;
            node.backward.apply(gradOutput, gradients);
        }
    }

    @Override
    public void close() {
        closed = true;
        nodes.clear();
    }
}
