package dev.cgan.backend.nd4j;

import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J has no autograd for these ops, so the tape keeps, in recording order, one {@link Step} per operation whose
 * inputs were tracked: its result, its inputs and a closure that turns the result's gradient into the inputs'
 * gradients with ND4J's backward ops. {@link #backward} walks the steps in reverse from the loss; a step is consumed
 * when walked (PyTorch frees its graph the same way), which is what lets the GAN pattern run two backward passes
 * through disjoint parts of one tape.
 */
final class Nd4jTape implements GradientTape {

    /** Turns the gradient of a step's result into gradients of its inputs, in input order ({@code null}: none). */
    @FunctionalInterface
    interface Backward {
        INDArray[] apply(INDArray gradient);
    }

    private record Step(Nd4jTensor result, Nd4jTensor[] inputs, Backward backward) {
    }

    private final Nd4jContext context;
    private final List<Step> steps = new ArrayList<>();
    private final List<Boolean> consumed = new ArrayList<>();
    private boolean closed;

    Nd4jTape(Nd4jContext context) {
        this.context = context;
    }

    /** Remembers an operation when one of its inputs is tracked; marks the result as recorded then. */
    void record(Nd4jTensor result, Nd4jTensor[] inputs, Backward backward) {
        if (closed) {
            return;
        }
        for (Nd4jTensor input : inputs) {
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
        Nd4jTensor root = context.own(loss);
        if (root.requiresGrad()) {
            root.accumulate(Nd4j.onesLike(root.array()));
            return;
        }
        Map<Nd4jTensor, INDArray> pending = new IdentityHashMap<>();
        pending.put(root, Nd4j.onesLike(root.array()));
        for (int i = steps.size() - 1; i >= 0 && !pending.isEmpty(); i--) {
            Step step = steps.get(i);
            INDArray gradient = pending.remove(step.result());
            if (gradient == null) {
                continue;
            }
            if (consumed.get(i)) {
                throw new IllegalStateException("backward reached a part of the graph an earlier backward call has "
                        + "already consumed (PyTorch would need retain_graph=True)");
            }
            consumed.set(i, Boolean.TRUE);
            INDArray[] inputGradients = step.backward().apply(gradient);
            Nd4jTensor[] inputs = step.inputs();
            for (int k = 0; k < inputs.length; k++) {
                Nd4jTensor input = inputs[k];
                INDArray g = inputGradients[k];
                if (input == null || g == null || !input.tracked()) {
                    continue;
                }
                long start = System.nanoTime();
                if (input.requiresGrad()) {
                    input.accumulate(g);
                } else {
                    pending.merge(input, g, INDArray::add);
                }
                Nd4jOpTimer timer = context.timer();
                if (timer != null) {
                    timer.add("Nd4jTape accumulate", System.nanoTime() - start);
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
