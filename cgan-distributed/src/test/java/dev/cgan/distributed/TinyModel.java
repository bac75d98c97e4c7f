package dev.cgan.distributed;

import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.layer.LeakyReLU;
import dev.cgan.api.layer.Sigmoid;
import dev.cgan.api.layer.Tanh;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.model.NetworkSpec;
import java.util.List;

/**
 * A BatchNorm-free conditional DCGAN for 8×8 images: convolutions and LeakyReLU only, so that ranks training on
 * shares of a batch compute exactly what one process computes on the whole batch (BatchNorm statistics would be per
 * rank).
 */
final class TinyModel {

    static final int Z_DIM = 8;

    private TinyModel() {
    }

    static ModelSpec spec() {
        int classes = TinyData.CLASSES;
        NetworkSpec g = new NetworkSpec("generator", List.of(
                new ConvTranspose2d(Z_DIM + classes, 16, 4, 1, 0, false), new LeakyReLU(0.2),
                new ConvTranspose2d(16, 1, 4, 2, 1, false), new Tanh()));
        NetworkSpec d = new NetworkSpec("discriminator", List.of(
                new Conv2d(1 + classes, 16, 4, 2, 1, false), new LeakyReLU(0.2),
                new Conv2d(16, 1, 4, 1, 0, false), new Sigmoid()));
        return new ModelSpec("tiny8", Z_DIM, classes, 1, TinyData.SIZE, g, d);
    }

    /**
     * The same with BatchNorm in the generator: per-rank statistics make it differ from one process, but not between
     * two runs with the same ranks, and an evaluation's training-mode sampling must leave its running statistics as
     * they were.
     */
    static ModelSpec withBatchNorm() {
        int classes = TinyData.CLASSES;
        NetworkSpec g = new NetworkSpec("generator", List.of(
                new ConvTranspose2d(Z_DIM + classes, 16, 4, 1, 0, false), new BatchNorm2d(16), new LeakyReLU(0.2),
                new ConvTranspose2d(16, 1, 4, 2, 1, false), new Tanh()));
        return new ModelSpec("tiny8bn", Z_DIM, classes, 1, TinyData.SIZE, g, spec().discriminator());
    }
}
