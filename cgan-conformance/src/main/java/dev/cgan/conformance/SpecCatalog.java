package dev.cgan.conformance;

import dev.cgan.api.layer.AvgPool2d;
import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.ConditionalBatchNorm2d;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.layer.Dropout;
import dev.cgan.api.layer.Embedding;
import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.layer.LeakyReLU;
import dev.cgan.api.layer.Linear;
import dev.cgan.api.layer.Maxout;
import dev.cgan.api.layer.ReLU;
import dev.cgan.api.layer.Sigmoid;
import dev.cgan.api.layer.SpectralNorm;
import dev.cgan.api.layer.Tanh;
import dev.cgan.api.layer.Upsample;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.optim.OptimizerSpec;
import java.util.List;

/**
 * One sample of every layer, loss and optimizer spec the API defines: what the contract tests ask each engine to
 * build, so that an engine either builds a spec or refuses it with an {@link UnsupportedOperationException} naming
 * itself and the spec. The spec interfaces are sealed; this module's tests check that every permitted type has a
 * sample here, so a new spec cannot be added without one.
 */
public final class SpecCatalog {

    private SpecCatalog() {
    }

    /** One sample per layer type, small and with the options that need most code (bias, stride, padding). */
    public static List<LayerSpec> layers() {
        return List.of(
                new Conv2d(3, 4, 4, 2, 1, true),
                new ConvTranspose2d(4, 3, 4, 2, 1, true),
                new BatchNorm2d(4, 0.1, 1e-5),
                new Linear(5, 3, true),
                new Maxout(5, 3, 2),
                new Dropout(0.5, 7L),
                new ReLU(),
                new LeakyReLU(0.2),
                new Tanh(),
                new Sigmoid(),
                new Upsample(2),
                new AvgPool2d(2),
                new Embedding(5, 3),
                new ConditionalBatchNorm2d(4, 3),
                new SpectralNorm(new Conv2d(3, 4, 3, 1, 1, true)));
    }

    /** One sample per loss type. */
    public static List<LossSpec> losses() {
        return List.of(new LossSpec.BinaryCrossEntropy(), new LossSpec.BinaryCrossEntropyWithLogits(),
                new LossSpec.CrossEntropy(), LossSpec.Hinge.discriminator());
    }

    /** One sample per optimizer type. */
    public static List<OptimizerSpec> optimizers() {
        return List.of(OptimizerSpec.Adam.dcgan(), new OptimizerSpec.Sgd(0.1, 0.9));
    }

    /**
     * The name an engine's refusal must contain: the layer's PyTorch class name ({@link LayerSpec#typeName()}), or
     * the record's simple name for losses and optimizers ({@code BinaryCrossEntropy}, {@code Adam}).
     */
    public static String typeName(Object spec) {
        return spec instanceof LayerSpec layer ? layer.typeName() : spec.getClass().getSimpleName();
    }
}
