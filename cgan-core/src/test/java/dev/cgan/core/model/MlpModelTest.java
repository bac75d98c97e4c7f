package dev.cgan.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.layer.Dropout;
import dev.cgan.api.layer.Maxout;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The paper's MLP as data: sections, PyTorch names (those of reference/models.py), noise and pixel range. */
class MlpModelTest {

    private static final ModelSpec MLP = ModelCatalog.byName("mlp", 10, 1);

    @Test
    void stateNamesCarryTheBranchSections() {
        assertEquals(List.of(
                "generator.noise.0.weight", "generator.noise.0.bias",
                "generator.label.0.weight", "generator.label.0.bias",
                "generator.joint.0.weight", "generator.joint.0.bias",
                "generator.joint.3.weight", "generator.joint.3.bias",
                "discriminator.image.0.weight", "discriminator.image.0.bias",
                "discriminator.label.0.weight", "discriminator.label.0.bias",
                "discriminator.joint.0.weight", "discriminator.joint.0.bias",
                "discriminator.joint.2.weight", "discriminator.joint.2.bias"), MLP.stateNames());
    }

    @Test
    void layersFollowThePaper() {
        List<?> d = MLP.discriminator().layers();
        assertEquals(new Maxout(784, 240, 5), d.get(0));
        assertEquals(new Maxout(10, 50, 5), d.get(2));
        assertEquals(new Maxout(290, 240, 4), d.get(4));
        assertTrue(MLP.generator().layers().stream().anyMatch(l -> l instanceof Dropout dr && dr.p() == 0.5));
        assertEquals(ModelSpec.Noise.UNIFORM, MLP.noise());
        assertEquals(ModelSpec.PixelRange.UNIT, MLP.pixels());
        assertEquals(28, MLP.imageSize());
        assertFalse(MLP.generatorHasBatchNorm());
        assertTrue(ModelCatalog.byName("dcgan32", 10, 1).generatorHasBatchNorm());
    }

    @Test
    void unitRangeMapsToSymmetric() {
        assertEquals(-1f, ModelSpec.PixelRange.UNIT.toSymmetric(0f));
        assertEquals(1f, ModelSpec.PixelRange.UNIT.toSymmetric(1f));
        assertEquals(0.25f, ModelSpec.PixelRange.SYMMETRIC.toSymmetric(0.25f));
    }
}
