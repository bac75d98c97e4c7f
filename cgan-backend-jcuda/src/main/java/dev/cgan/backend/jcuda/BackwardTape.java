package dev.cgan.backend.jcuda;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reverse-mode differentiation as a list of backward closures, independent of where tensors live (so that its
 * bookkeeping is tested on the host). Every differentiable operation appends a node: its output and a closure that
 * turns the output's gradient into its inputs' gradients. {@link #backward} walks the nodes newest first, so each node
 * sees the complete gradient of its output before it runs; leaves add their gradient into their own. A node runs at
 * most once: a second backward call goes only through parts of the graph that no earlier call consumed (the GAN
 * pattern of {@link dev.cgan.api.autograd.GradientTape}).
 *
 * @param <T> the tensor type
 */
final class BackwardTape<T> {

    /** What the tape needs to know about, and do with, tensors. */
    interface Arithmetic<T> {

        /** A leaf that collects its gradient ({@code requiresGrad}). */
        boolean isLeaf(T t);

        /** The output of a recorded operation. */
        boolean isTracked(T t);

        void markTracked(T t);

        /** {@code leaf.grad += grad}. */
        void addToLeafGradient(T leaf, T grad);

        /** {@code a + b} as a new tensor (neither is modified: a gradient may be handed to several inputs). */
        T sum(T a, T b);

        /** A tensor of ones shaped like {@code t}. */
        T onesLike(T t);

        /** Whether {@code grad} has {@code t}'s shape. */
        boolean sameShape(T t, T grad);
    }

    /** The backward pass of one operation. */
    @FunctionalInterface
    interface Backward<T> {
        void apply(T gradOutput, Gradients<T> gradients);
    }

    /** Where a backward closure delivers its inputs' gradients. */
    interface Gradients<T> {

        /** Whether a gradient for {@code input} is of use (skip computing it otherwise). */
        boolean wants(T input);

        /** Adds {@code grad} (shaped like {@code input}) to the gradient of {@code input}. */
        void add(T input, T grad);
    }

    private static final class Node<T> {
        final T output;
        final Backward<T> backward;
        boolean consumed;

        Node(T output, Backward<T> backward) {
            this.output = output;
            this.backward = backward;
        }
    }

    private final Arithmetic<T> arithmetic;
    private final List<Node<T>> nodes = new ArrayList<>();

    BackwardTape(Arithmetic<T> arithmetic) {
        this.arithmetic = arithmetic;
    }

    void record(T output, Backward<T> backward) {
        arithmetic.markTracked(output);
        nodes.add(new Node<>(output, backward));
    }

    int size() {
        return nodes.size();
    }

    /** Back-propagates from {@code root} (a scalar; the caller checks). */
    void backward(T root) {
        Map<T, T> pending = new IdentityHashMap<>();
        Gradients<T> gradients = new Gradients<>() {
            @Override
            public boolean wants(T input) {
                return arithmetic.isLeaf(input) || arithmetic.isTracked(input);
            }

            @Override
            public void add(T input, T grad) {
                if (!arithmetic.sameShape(input, grad)) {
                    throw new IllegalStateException("a gradient does not have the shape of its tensor");
                }
                if (arithmetic.isLeaf(input)) {
                    arithmetic.addToLeafGradient(input, grad);
                } else if (arithmetic.isTracked(input)) {
                    T earlier = pending.get(input);
                    pending.put(input, earlier == null ? grad : arithmetic.sum(earlier, grad));
                }
            }
        };
        if (arithmetic.isLeaf(root)) {
            gradients.add(root, arithmetic.onesLike(root));
        }
        if (arithmetic.isTracked(root)) {
            pending.put(root, arithmetic.onesLike(root));
        }
        for (int i = nodes.size() - 1; i >= 0 && !pending.isEmpty(); i--) {
            Node<T> node = nodes.get(i);
            T gradOutput = node.consumed ? null : pending.remove(node.output);
            if (gradOutput != null) {
                node.consumed = true;
                node.backward.apply(gradOutput, gradients);
            }
        }
    }

    void clear() {
        nodes.clear();
    }
}
