package dev.cgan.core.generate;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorScope;
import dev.cgan.core.checkpoint.GeneratorCheckpoint;
import dev.cgan.core.model.Generator;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.safetensors.DType;
import java.util.Map;

/**
 * A generator loaded from a {@link GeneratorCheckpoint} onto a backend, generating in evaluation mode: BatchNorm
 * normalises with the running statistics saved in the checkpoint, exactly what PyTorch's {@code G.eval()} does.
 * Each image then depends only on its own noise and label, not on what else is in the batch, so images are
 * reproducible one by one and match PyTorch's for the same weights, noise and labels. (The training grids use
 * batch statistics instead; see the trainer.)
 */
public final class TrainedGenerator {

    /** Images generated per forward pass; eval-mode BatchNorm makes the split invisible in the results. */
    static final int BATCH = 32;

    private final ComputeContext context;
    private final GeneratorCheckpoint checkpoint;
    private final Generator generator;

    /** Builds the generator of {@code checkpoint} on {@code context} and loads its weights and running statistics. */
    public TrainedGenerator(ComputeContext context, GeneratorCheckpoint checkpoint) {
        this.context = context;
        this.checkpoint = checkpoint;
        this.generator = new Generator(context, checkpoint.model());
        for (Map.Entry<String, Tensor> e : generator.network().state().entrySet()) {
            var stored = checkpoint.tensors().get(e.getKey());
            if (stored == null || stored.dtype() != DType.F32) {
                throw new IllegalStateException("checkpoint lacks " + e.getKey());
            }
            e.getValue().copyFrom(stored.floats());
        }
    }

    /** The architecture. */
    public ModelSpec model() {
        return checkpoint.model();
    }

    /** Where the weights came from. */
    public GeneratorCheckpoint checkpoint() {
        return checkpoint;
    }

    /**
     * Generates {@code n} images {@code [n, channels, size, size]} in [-1, 1] from noise {@code [n, zDim]} and label
     * vectors {@code [n, numClasses]} (one-hot, or mixtures of two for interpolation).
     */
    public float[] generate(float[] noise, float[] labels, int n) {
        ModelSpec m = checkpoint.model();
        if (noise.length != n * m.zDim() || labels.length != n * m.numClasses()) {
            throw new IllegalArgumentException("need " + n + " noise vectors of " + m.zDim() + " and label vectors "
                    + "of " + m.numClasses());
        }
        int image = m.channels() * m.imageSize() * m.imageSize();
        float[] out = new float[n * image];
        for (int from = 0; from < n; from += BATCH) {
            int k = Math.min(BATCH, n - from);
            float[] z = java.util.Arrays.copyOfRange(noise, from * m.zDim(), (from + k) * m.zDim());
            float[] y = java.util.Arrays.copyOfRange(labels, from * m.numClasses(), (from + k) * m.numClasses());
            try (TensorScope scope = context.scope()) {
                Tensor images = generator.forward(context.tensor(z, Shape.of(k, m.zDim())),
                        context.tensor(y, Shape.of(k, m.numClasses())), false);
                System.arraycopy(images.toFloatArray(), 0, out, from * image, k * image);
            }
        }
        return out;
    }
}
