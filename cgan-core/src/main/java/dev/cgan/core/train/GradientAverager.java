package dev.cgan.core.train;

import dev.cgan.api.tensor.Tensor;
import dev.cgan.core.parallel.Collective;
import java.util.ArrayList;
import java.util.List;

/**
 * Averages the gradients of one network's parameters across the ranks of a data-parallel run: gathers them into one
 * flat host buffer, all-reduces it once, and writes the means back. Called between the backward pass and the
 * optimizer step, so every rank steps with the gradient of the global batch and the weights stay bitwise identical.
 * A transport that all-reduces tensors where they live ({@link Collective#reducesTensors()}: NCCL on the jcuda engine's
 * device memory) gets the gradients themselves instead, and does so in a run of one rank too.
 */
final class GradientAverager {

    private final Collective collective;
    private final List<Tensor> parameters;
    private final float[] flat;

    GradientAverager(Collective collective, List<Tensor> parameters) {
        this.collective = collective;
        this.parameters = List.copyOf(parameters);
        long total = 0;
        for (Tensor p : this.parameters) {
            total += p.shape().size();
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a network of " + total + " parameters is too large for one buffer");
        }
        this.flat = collective.worldSize() > 1 && !collective.reducesTensors() ? new float[(int) total] : new float[0];
    }

    /** Replaces every parameter's gradient by its mean over the ranks; nothing to do in a run of one process. */
    void average() {
        if (collective.reducesTensors()) {
            List<Tensor> gradients = new ArrayList<>(parameters.size());
            for (Tensor p : parameters) {
                gradients.add(p.grad());
            }
            collective.allReduceMean(gradients);
            return;
        }
        if (collective.worldSize() == 1) {
            return;
        }
        int offset = 0;
        for (Tensor p : parameters) {
            float[] g = p.grad().toFloatArray();
            System.arraycopy(g, 0, flat, offset, g.length);
            offset += g.length;
        }
        collective.allReduceMean(flat);
        offset = 0;
        for (Tensor p : parameters) {
            float[] g = new float[p.shape().sizeAsInt()];
            System.arraycopy(flat, offset, g, 0, g.length);
            p.grad().copyFrom(g);
            offset += g.length;
        }
    }

    /** Values exchanged per call. */
    int length() {
        return flat.length;
    }
}
