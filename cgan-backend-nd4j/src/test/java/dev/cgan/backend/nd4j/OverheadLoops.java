package dev.cgan.backend.nd4j;

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
import dev.cgan.core.train.Trainer;
import java.util.List;

/**
 * The two loops of the overhead measurement on one model and one fixed batch: the iteration through cgan's API
 * ({@link CganStep} on an nd4j context: both networks DCGAN-initialised from one seed, Adam(2e-4, 0.5, 0.999)) and
 * {@link HandWrittenNd4jStep} from the same weights and batch (or from other weights, with another seed). The batch:
 * images uniform in [-1, 1], labels cycling through the classes, Gaussian noise, all from the API's seed.
 */
final class OverheadLoops {

    /** The batch size of the measurement (the benchmarks' one). */
    static final int BATCH = 64;

    private final CganStep step;
    private final Tensor real;
    private final Tensor labels;
    private final Tensor noise;
    final HandWrittenNd4jStep handWritten;

    OverheadLoops(ComputeContext context, String modelName, long seed, long handWrittenSeed) {
        ModelSpec model = model(modelName);
        SeededRandom root = new SeededRandom(seed);
        SeededRandom init = root.fork();
        SeededRandom data = root.fork();
        Generator generator = new Generator(context, model);
        Discriminator discriminator = new Discriminator(context, model);
        DcganInit.apply(generator.network(), init);
        DcganInit.apply(discriminator.network(), init);
        OptimizerSpec adam = new OptimizerSpec.Adam(2e-4, 0.5, 0.999, Trainer.ADAM_EPS);
        Optimizer g = context.optimizer(adam, List.copyOf(generator.network().parameters().values()));
        Optimizer d = context.optimizer(adam, List.copyOf(discriminator.network().parameters().values()));
        this.step = new CganStep(context, generator, discriminator, g, d);
        int size = model.imageSize();
        float[] realValues = new float[BATCH * model.channels() * size * size];
        for (int i = 0; i < realValues.length; i++) {
            realValues[i] = data.nextFloat() * 2f - 1f;
        }
        float[] labelValues = new float[BATCH * model.numClasses()];
        for (int i = 0; i < BATCH; i++) {
            labelValues[i * model.numClasses() + i % model.numClasses()] = 1f;
        }
        float[] noiseValues = new float[BATCH * model.zDim()];
        data.fillGaussian(noiseValues, 0.0, 1.0);
        this.real = context.tensor(realValues, Shape.of(BATCH, model.channels(), size, size));
        this.labels = context.tensor(labelValues, Shape.of(BATCH, model.numClasses()));
        this.noise = context.tensor(noiseValues, Shape.of(BATCH, model.zDim()));
        this.handWritten = new HandWrittenNd4jStep(model, handWrittenSeed, realValues, labelValues, noiseValues,
                BATCH);
    }

    /** The measurement's models: the seed's dcgan64 (3 classes, RGB) or dcgan32 (10 classes, grey). */
    static ModelSpec model(String name) {
        return switch (name) {
            case "dcgan64" -> ModelCatalog.dcgan64(3, 3);
            case "dcgan32" -> ModelCatalog.dcgan32(10, 1);
            default -> throw new IllegalArgumentException("unknown model '" + name + "': use dcgan64 or dcgan32");
        };
    }

    /** One iteration through the API; returns D's plus G's loss. */
    double api() {
        StepLosses losses = step.run(real, labels, noise);
        return losses.lossD() + losses.lossG();
    }

    /** One hand-written iteration; returns D's plus G's loss. */
    double handWritten() {
        return handWritten.iterate();
    }
}
