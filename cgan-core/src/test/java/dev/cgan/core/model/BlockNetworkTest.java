package dev.cgan.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.ConditionalBatchNorm2d;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.Embedding;
import dev.cgan.api.layer.Linear;
import dev.cgan.api.layer.ReLU;
import dev.cgan.api.layer.Upsample;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Block networks as data: the state_dict names their trees give (PyTorch's for the same nesting of modules), and the
 * sngan models' names as PyTorch 1.13 lists them for the twins in reference/models.py.
 */
class BlockNetworkTest {

    @Test
    void namesArePathsThroughTheTree() {
        // An nn.Sequential holding [Linear, Unflatten, Residual(main=Sequential(CBN, ReLU, Upsample, Conv),
        // shortcut=Sequential(Upsample, Conv)), BatchNorm2d] names its state like this in PyTorch.
        Block root = new Block.Chain(List.of(
                new Block.Op(new Linear(8, 4 * 4 * 2, false)),
                new Block.Unflatten(2, 4, 4),
                new Block.Residual(
                        Block.Chain.of(new ConditionalBatchNorm2d(2, 3), new ReLU(), Upsample.nearest2x(),
                                new Conv2d(2, 2, 3, 1, 1, true)),
                        Block.Chain.of(Upsample.nearest2x(), new Conv2d(2, 2, 1, 1, 0, false))),
                new Block.Op(new BatchNorm2d(2))));
        NetworkSpec net = NetworkSpec.blocks("generator", root);
        assertEquals(List.of(
                "generator.0.weight",
                "generator.2.main.0.weight", "generator.2.main.0.bias", "generator.2.main.0.running_mean",
                "generator.2.main.0.running_var",
                "generator.2.main.3.weight", "generator.2.main.3.bias",
                "generator.2.shortcut.1.weight",
                "generator.3.weight", "generator.3.bias", "generator.3.running_mean", "generator.3.running_var"),
                StateNames.of(net));
        assertEquals(8, net.layers().size(), "the layers are the leaves; Unflatten is none");
        assertTrue(net.isBlocks());
    }

    @Test
    void aProjectionNamesItsFeaturesPsiAndEmbedding() {
        Block head = new Block.Projection(new Block.Residual(Block.Chain.of(new ReLU(),
                new Conv2d(4, 4, 3, 1, 1, true)), null), new Linear(4, 1, true), new Embedding(3, 4));
        assertEquals(List.of("discriminator.features.main.1.weight", "discriminator.features.main.1.bias",
                        "discriminator.psi.weight", "discriminator.psi.bias", "discriminator.embed.weight"),
                StateNames.of(NetworkSpec.blocks("discriminator", head)));
    }

    @Test
    void layersMustBeTheLeaves() {
        Block root = Block.Chain.of(new Linear(2, 2, true), new ReLU());
        assertThrows(IllegalArgumentException.class,
                () -> new NetworkSpec("g", List.of(new ReLU(), new Linear(2, 2, true)), null, root));
    }

    @Test
    void sngan32NamesAreThoseOfItsPyTorchTwin() {
        // From PyTorch 1.13: list(SnganGenerator(10, 1, "sngan32").state_dict()) and the same for the discriminator,
        // num_batches_tracked left out as everywhere in cgan's name lists.
        ModelSpec m = ModelCatalog.byName("sngan32", 10, 1);
        List<String> g = StateNames.of(m.generator());
        assertEquals(List.of("generator.0.weight", "generator.2.main.0.weight", "generator.2.main.0.bias",
                "generator.2.main.0.running_mean", "generator.2.main.0.running_var", "generator.2.main.3.weight",
                "generator.2.main.4.weight", "generator.2.main.4.bias", "generator.2.main.4.running_mean",
                "generator.2.main.4.running_var", "generator.2.main.6.weight", "generator.2.shortcut.1.weight"),
                g.subList(0, 12));
        assertEquals(List.of("generator.5.weight", "generator.5.bias", "generator.5.running_mean",
                "generator.5.running_var", "generator.7.weight", "generator.7.bias"), g.subList(g.size() - 6, g.size()));
        List<String> d = StateNames.of(m.discriminator());
        assertEquals(List.of("discriminator.features.0.main.0.bias", "discriminator.features.0.main.0.weight_orig",
                "discriminator.features.0.main.0.weight_u", "discriminator.features.0.main.0.weight_v",
                "discriminator.features.0.main.2.bias", "discriminator.features.0.main.2.weight_orig",
                "discriminator.features.0.main.2.weight_u", "discriminator.features.0.main.2.weight_v",
                "discriminator.features.0.shortcut.1.bias", "discriminator.features.0.shortcut.1.weight_orig",
                "discriminator.features.0.shortcut.1.weight_u", "discriminator.features.0.shortcut.1.weight_v",
                "discriminator.features.1.main.1.bias", "discriminator.features.1.main.1.weight_orig"),
                d.subList(0, 14));
        assertEquals(List.of("discriminator.features.3.main.3.weight_orig", "discriminator.features.3.main.3.weight_u",
                "discriminator.features.3.main.3.weight_v", "discriminator.psi.bias", "discriminator.psi.weight_orig",
                "discriminator.psi.weight_u", "discriminator.psi.weight_v", "discriminator.embed.weight"),
                d.subList(d.size() - 8, d.size()));
    }

    @Test
    void snganDiscriminatorsOutputScoresAndTheSeedsProbabilities() {
        for (String name : List.of("sngan32", "sngan64")) {
            ModelSpec m = ModelCatalog.byName(name, 3, ModelCatalog.imageShape(name).channels());
            assertFalse(m.discriminatorOutputsProbability(), name);
            assertTrue(m.generatorHasBatchNorm(), name + ": conditional BatchNorm counts");
            assertEquals(ModelCatalog.imageShape(name).size(), m.imageSize());
        }
        for (String name : List.of("dcgan64", "dcgan32", "mlp")) {
            assertTrue(ModelCatalog.byName(name, 3, 1).discriminatorOutputsProbability(), name);
        }
    }
}
