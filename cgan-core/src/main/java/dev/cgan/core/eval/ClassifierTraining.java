package dev.cgan.core.eval;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.loss.Loss;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorScope;
import dev.cgan.core.data.Batch;
import dev.cgan.core.data.BatchSampler;
import dev.cgan.core.data.Dataset;
import dev.cgan.core.init.SeededRandom;
import java.util.function.LongConsumer;

/**
 * Trains a {@link Classifier} on labelled real images: softmax cross-entropy, Adam (lr 1e-3, betas 0.9/0.999), batches
 * of {@value #BATCH_SIZE} shuffled by the seeded sampler, a fixed number of epochs.
 */
public final class ClassifierTraining {

    /** Images per batch. */
    public static final int BATCH_SIZE = 128;

    /** Adam's learning rate. */
    public static final double LEARNING_RATE = 1e-3;

    private ClassifierTraining() {
    }

    /**
     * Trains {@code classifier} in place for {@code epochs} passes over {@code data}.
     *
     * @param progress told the number of iterations done after each one
     * @return the mean loss of the last 50 iterations
     */
    public static double train(Classifier classifier, Dataset data, int epochs, SeededRandom rng,
                               LongConsumer progress) {
        ComputeContext context = classifier.context();
        Optimizer adam = context.optimizer(new OptimizerSpec.Adam(LEARNING_RATE, 0.9, 0.999, 1e-8),
                classifier.parameters());
        Loss crossEntropy = context.loss(new LossSpec.CrossEntropy());
        BatchSampler sampler = new BatchSampler(data, Math.min(BATCH_SIZE, data.size()), rng);
        long iterations = (long) epochs * sampler.batchesPerEpoch();
        double recent = 0;
        int recentCount = 0;
        for (long i = 1; i <= iterations; i++) {
            Batch batch = sampler.next();
            int n = batch.size();
            try (TensorScope scope = context.scope(); GradientTape tape = context.record()) {
                Tensor images = context.tensor(batch.images(),
                        Shape.of(n, data.channels(), data.imageSize(), data.imageSize()));
                Tensor targets = context.tensor(batch.oneHot(classifier.numClasses()),
                        Shape.of(n, classifier.numClasses()));
                adam.zeroGrad();
                Tensor loss = crossEntropy.compute(classifier.logits(classifier.features(images)), targets);
                tape.backward(loss);
                adam.step();
                if (iterations - i < 50) {
                    recent += loss.item();
                    recentCount++;
                }
            }
            progress.accept(i);
        }
        return recentCount == 0 ? Double.NaN : recent / recentCount;
    }
}
