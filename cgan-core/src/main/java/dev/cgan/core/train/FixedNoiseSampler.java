package dev.cgan.core.train;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorScope;
import dev.cgan.core.data.Batch;
import dev.cgan.core.init.ModelNoise;
import dev.cgan.core.init.SeededRandom;
import dev.cgan.core.model.Generator;
import dev.cgan.core.model.ModelSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The sample grids of a run: one row per class, generated from noise drawn once — {@code samplesPerClass} vectors,
 * the same for every class — so that grids from different iterations (and from a resumed run) are directly
 * comparable.
 *
 * <p>A generator with BatchNorm samples in <em>training</em> mode (BatchNorm normalises with the statistics of the
 * sample batch), as PyTorch's DCGAN tutorial does: in evaluation mode the running statistics, which start at 0/1 and
 * lag behind the quickly changing early generator, give washed-out or saturated images for much of a short run. The
 * running statistics are saved before and restored after sampling, so sampling leaves no trace in the training
 * state. A run with a moving average of the generator ({@link GeneratorAverage}) samples the average. A generator
 * without BatchNorm (the paper's MLP) samples in evaluation mode: no dropout. Grids are in
 * [-1, 1] whatever the model's pixel range.
 */
final class FixedNoiseSampler {

    private final ComputeContext context;
    private final ModelSpec model;
    private final Supplier<Generator> generator;
    private final List<String> classNames;
    private final int perClass;
    private final float[] noise;
    private final float[] labels;

    /**
     * Draws the fixed noise from {@code random}: {@code perClass} vectors of the model's noise distribution.
     *
     * @param generator the generator to sample at each grid: the trained one, or its moving average
     */
    FixedNoiseSampler(ComputeContext context, ModelSpec model, Supplier<Generator> generator, List<String> classNames,
                      int perClass, SeededRandom random) {
        this.context = context;
        this.model = model;
        this.generator = generator;
        this.classNames = classNames;
        this.perClass = perClass;
        float[] oneVectorPerColumn = new float[perClass * model.zDim()];
        ModelNoise.fill(model, oneVectorPerColumn, random);
        int rows = model.numClasses() * perClass;
        this.noise = new float[rows * model.zDim()];
        int[] rowLabels = new int[rows];
        for (int c = 0; c < model.numClasses(); c++) {
            System.arraycopy(oneVectorPerColumn, 0, noise, c * perClass * model.zDim(), oneVectorPerColumn.length);
            Arrays.fill(rowLabels, c * perClass, (c + 1) * perClass, c);
        }
        this.labels = Batch.oneHot(rowLabels, model.numClasses());
    }

    /** The grid of the generator as it is now, labelled with {@code iteration}. */
    SampleGrid sample(long iteration) {
        Generator generator = this.generator.get();
        Map<String, Tensor> buffers = generator.network().buffers();
        Map<String, float[]> saved = new LinkedHashMap<>();
        buffers.forEach((name, t) -> saved.put(name, t.toFloatArray()));
        int rows = model.numClasses() * perClass;
        float[] pixels;
        try (TensorScope scope = context.scope()) {
            Tensor z = context.tensor(noise, Shape.of(rows, model.zDim()));
            Tensor y = context.tensor(labels, Shape.of(rows, model.numClasses()));
            pixels = generator.forward(z, y, model.generatorHasBatchNorm()).toFloatArray();
        } finally {
            buffers.forEach((name, t) -> t.copyFrom(saved.get(name)));
        }
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = model.pixels().toSymmetric(pixels[i]);
        }
        return new SampleGrid(iteration, classNames, perClass, model.channels(), model.imageSize(), pixels);
    }
}
