package dev.cgan.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cgan.core.checkpoint.CheckpointInfo;
import dev.cgan.core.data.SamplerState;
import dev.cgan.core.model.ModelCatalog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --loss}: names, each model's default, the hinge-on-Sigmoid refusal, and the loss in checkpoints. */
class GanLossTest {

    @Test
    void namesParseCaseInsensitivelyAndNothingElseDoes() {
        assertEquals(GanLoss.HINGE, GanLoss.parse("Hinge"));
        assertEquals(GanLoss.BCE, GanLoss.parse(" bce"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GanLoss.parse("wgan"));
        assertEquals("unknown loss 'wgan': use bce or hinge", e.getMessage());
    }

    @Test
    void eachModelHasTheDefaultItsOutputCallsFor() {
        for (String name : List.of("dcgan64", "dcgan32", "mlp")) {
            assertEquals(GanLoss.BCE, GanLoss.defaultFor(ModelCatalog.byName(name, 3, 1)), name);
        }
        for (String name : List.of("sngan32", "sngan64")) {
            assertEquals(GanLoss.HINGE, GanLoss.defaultFor(ModelCatalog.byName(name, 3, 1)), name);
        }
        TrainingConfig unset = TrainingConfig.dcgan("sngan32", null, 5, 0, 4, 2e-4, 1, 0, 0, 1, null);
        assertNull(unset.loss(), "no --loss: the model decides");
        assertEquals(GanLoss.HINGE, unset.lossFor(ModelCatalog.byName("sngan32", 3, 1)));
        assertEquals(GanLoss.BCE, unset.withLoss(GanLoss.BCE).lossFor(ModelCatalog.byName("sngan32", 3, 1)));
    }

    @Test
    void hingeOnASigmoidIsRefusedInWordsAndAsTheCommandLineNamesIt() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> TrainingConfig.requireLossFits(ModelCatalog.byName("dcgan32", 10, 1), GanLoss.HINGE));
        assertEquals("loss hinge needs a discriminator that outputs raw scores; dcgan32 ends in a Sigmoid: use bce",
                e.getMessage());
        assertEquals("--loss hinge needs a discriminator that outputs raw scores; dcgan32 ends in a Sigmoid: use bce",
                e.settingsMessage().render(s -> "--" + s.words()));
        // BCE fits both kinds of output (on logits for raw scores), hinge fits raw scores.
        TrainingConfig.requireLossFits(ModelCatalog.byName("dcgan32", 10, 1), GanLoss.BCE);
        TrainingConfig.requireLossFits(ModelCatalog.byName("sngan32", 10, 1), GanLoss.BCE);
        TrainingConfig.requireLossFits(ModelCatalog.byName("sngan32", 10, 1), GanLoss.HINGE);
    }

    @Test
    void checkpointsRecordTheLoss() {
        TrainingConfig config = TrainingConfig.dcgan("sngan32", null, 5, 0, 4, 2e-4, 1, 0, 0, 1, Path.of("out"))
                .withLoss(GanLoss.HINGE);
        CheckpointInfo info = new CheckpointInfo(3, config, List.of("a", "b"), 10, "test data", 7,
                new SamplerState(0, 0, 1));
        Map<String, String> meta = info.toMetadata();
        assertEquals("hinge", meta.get("config.loss"));
        assertEquals(GanLoss.HINGE, CheckpointInfo.fromMetadata(meta, "test").config().loss());
        Map<String, String> older = new java.util.HashMap<>(meta);
        older.remove("config.loss");
        assertNull(CheckpointInfo.fromMetadata(older, "test").config().loss(),
                "written before --loss existed: no loss recorded (resuming takes it for bce, the only loss then)");
    }
}
