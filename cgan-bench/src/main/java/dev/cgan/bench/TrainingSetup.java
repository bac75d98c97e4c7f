package dev.cgan.bench;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.core.init.DcganInit;
import dev.cgan.core.init.SeededRandom;
import dev.cgan.core.model.Discriminator;
import dev.cgan.core.model.Generator;
import dev.cgan.core.model.ModelCatalog;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.train.CganStep;
import dev.cgan.core.train.StepLosses;
import dev.cgan.core.train.TrainingConfig;
import java.util.List;

/**
 * One model ready to train on a context, as the trainer sets it up: both networks DCGAN-initialised from one seed,
 * DCGAN's Adam ({@link TrainingConfig#DCGAN_ADAM}) on each, and one fixed batch (images uniform in [-1, 1], labels cycling through the classes,
 * Gaussian noise) that every timed iteration reuses.
 */
final class TrainingSetup {

    /** The benchmark's workloads: the seed's model and the Fashion-MNIST one, with their class and channel counts. */
    static ModelSpec model(String name) {
        return switch (name) {
            case "dcgan64" -> ModelCatalog.dcgan64(3, 3);
            case "dcgan32" -> ModelCatalog.dcgan32(10, 1);
            default -> throw new IllegalArgumentException("unknown benchmark model '" + name
                    + "': use dcgan64 (64x64x3, 3 classes) or dcgan32 (32x32x1, 10 classes)");
        };
    }

    final ModelSpec model;
    final Generator generator;
    final Discriminator discriminator;
    final Optimizer generatorOptimizer;
    final Optimizer discriminatorOptimizer;
    final CganStep step;
    final Tensor real;
    final Tensor labels;
    final Tensor noise;
    /** The batch and initial weights on the host, for loops that do not go through cgan's API. */
    final float[] realValues;
    final float[] labelValues;
    final float[] noiseValues;

    TrainingSetup(ComputeContext context, String modelName, int batchSize, long seed) {
        this.model = model(modelName);
        SeededRandom root = new SeededRandom(seed);
        SeededRandom init = root.fork();
        SeededRandom data = root.fork();
        this.generator = new Generator(context, model);
        this.discriminator = new Discriminator(context, model);
        DcganInit.apply(generator.network(), init);
        DcganInit.apply(discriminator.network(), init);
        OptimizerSpec adam = TrainingConfig.DCGAN_ADAM;
        this.generatorOptimizer = context.optimizer(adam, List.copyOf(generator.network().parameters().values()));
        this.discriminatorOptimizer =
                context.optimizer(adam, List.copyOf(discriminator.network().parameters().values()));
        this.step = new CganStep(context, generator, discriminator, generatorOptimizer, discriminatorOptimizer);

        int size = model.imageSize();
        realValues = new float[batchSize * model.channels() * size * size];
        for (int i = 0; i < realValues.length; i++) {
            realValues[i] = data.nextFloat() * 2f - 1f;
        }
        labelValues = cyclingLabels(batchSize, model.numClasses());
        noiseValues = new float[batchSize * model.zDim()];
        data.fillGaussian(noiseValues, 0.0, 1.0);
        this.real = context.tensor(realValues, Shape.of(batchSize, model.channels(), size, size));
        this.labels = context.tensor(labelValues, Shape.of(batchSize, model.numClasses()));
        this.noise = context.tensor(noiseValues, Shape.of(batchSize, model.zDim()));
    }

    /** One-hot labels of {@code batchSize} samples cycling through the classes (sample i has label i mod classes). */
    static float[] cyclingLabels(int batchSize, int classes) {
        float[] labels = new float[batchSize * classes];
        for (int i = 0; i < batchSize; i++) {
            labels[i * classes + i % classes] = 1f;
        }
        return labels;
    }

    /** One full iteration; reading the losses back forces an asynchronous engine to finish it. */
    StepLosses iterate() {
        return step.run(real, labels, noise);
    }
}
