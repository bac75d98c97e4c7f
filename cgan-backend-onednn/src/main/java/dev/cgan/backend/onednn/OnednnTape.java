package dev.cgan.backend.onednn;

import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reverse-walk tape: in recording order, one {@link Step} per operation whose inputs were tracked — its result,
 * its inputs and a closure that turns the result's gradient into the inputs' gradients with oneDNN's backward
 * primitives (or Java loops). {@link #backward} walks the steps in reverse from the loss; a step is consumed when
 * walked (PyTorch frees its graph the same way), which lets the GAN pattern run two backward passes through disjoint
 * parts of one tape.
 */
final class OnednnTape implements GradientTape {

    /** Turns the gradient of a step's result into gradients of its inputs, in input order ({@code null}: none). */
    @FunctionalInterface
    interface Backward {
        OnednnTensor[] apply(OnednnTensor gradient);
    }

    private record Step(OnednnTensor result, OnednnTensor[] inputs, Backward backward) {
    }

    private final OnednnContext context;
    private final List<Step> steps = new ArrayList<>();
    private final List<Boolean> consumed = new ArrayList<>();
    private boolean closed;

    OnednnTape(OnednnContext context) {
        this.context = context;
    }

    /** Remembers an operation when one of its inputs is tracked; marks the result as recorded then. */
    void record(OnednnTensor result, OnednnTensor[] inputs, Backward backward) {
        if (closed) {
            return;
        }
        for (OnednnTensor input : inputs) {
            if (input != null && input.tracked()) {
                result.markRecorded();
                steps.add(new Step(result, inputs, backward));
                consumed.add(Boolean.FALSE);
                return;
            }
        }
    }

    @Override
    public void backward(Tensor loss) {
        if (closed) {
            throw new IllegalStateException("this GradientTape is closed");
        }
        if (loss.shape().size() != 1) {
            throw new IllegalArgumentException("backward needs a scalar loss, got shape " + loss.shape());
        }
        OnednnTensor root = context.own(loss);
        OnednnTensor one = context.filled(root.shape(), 1f);
        if (root.requiresGrad()) {
            root.accumulate(one);
            return;
        }
        Map<OnednnTensor, OnednnTensor> pending = new IdentityHashMap<>();
        pending.put(root, one);
        for (int i = steps.size() - 1; i >= 0 && !pending.isEmpty(); i--) {
            Step step = steps.get(i);
            OnednnTensor gradient = pending.remove(step.result());
            if (gradient == null) {
                continue;
            }
            if (consumed.get(i)) {
                throw new IllegalStateException("backward reached a part of the graph an earlier backward call has "
                        + "already consumed (PyTorch would need retain_graph=True)");
            }
            consumed.set(i, Boolean.TRUE);
            OnednnTensor[] inputGradients = step.backward().apply(gradient);
            OnednnTensor[] inputs = step.inputs();
            for (int k = 0; k < inputs.length; k++) {
                OnednnTensor input = inputs[k];
                OnednnTensor g = inputGradients[k];
                if (input == null || g == null || !input.tracked()) {
                    continue;
                }
                if (input.requiresGrad()) {
                    input.accumulate(g);
                } else {
                    OnednnTensor earlier = pending.get(input);
                    pending.put(input, earlier == null ? g : context.sum(earlier, g));
                }
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        steps.clear();
        consumed.clear();
        context.tapeClosed(this);
    }
}
