package dev.cgan.examples;

import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.layer.LeakyReLU;
import dev.cgan.api.layer.ReLU;
import dev.cgan.api.layer.Sigmoid;
import dev.cgan.api.layer.Tanh;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.model.NetworkSpec;
import java.util.List;

/**
 * A model of one's own, written as data: a small conditional DCGAN for 16×16 grayscale images. The generator takes
 * 16 noise values and the one-hot label (concatenated on channels, as cgan's models do) from 1×1 to 4×4, 8×8 and
 * 16×16; the discriminator takes the image with the label broadcast onto extra channels down to one probability.
 */
public final class BarsModel {

    /** The model's name: what its checkpoints record. */
    public static final String NAME = "bars16";

    /** Noise values per image. */
    public static final int Z_DIM = 16;

    private BarsModel() {
    }

    /** The model for {@code classes} classes. */
    public static ModelSpec spec(int classes) {
        NetworkSpec generator = new NetworkSpec("generator", List.of(
                new ConvTranspose2d(Z_DIM + classes, 64, 4, 1, 0, false), new BatchNorm2d(64), new ReLU(),
                new ConvTranspose2d(64, 32, 4, 2, 1, false), new BatchNorm2d(32), new ReLU(),
                new ConvTranspose2d(32, 1, 4, 2, 1, false), new Tanh()));
        NetworkSpec discriminator = new NetworkSpec("discriminator", List.of(
                new Conv2d(1 + classes, 16, 4, 2, 1, false), new LeakyReLU(0.2),
                new Conv2d(16, 32, 4, 2, 1, false), new BatchNorm2d(32), new LeakyReLU(0.2),
                new Conv2d(32, 1, 4, 1, 0, false), new Sigmoid()));
        return new ModelSpec(NAME, Z_DIM, classes, 1, BarsDataset.SIZE, generator, discriminator);
    }
}
