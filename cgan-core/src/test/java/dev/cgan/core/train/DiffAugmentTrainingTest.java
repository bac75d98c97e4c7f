package dev.cgan.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.core.checkpoint.CheckpointFile;
import dev.cgan.core.checkpoint.CheckpointInfo;
import dev.cgan.core.fakes.ToyContext;
import dev.cgan.core.output.RunSummaryWriter;
import dev.cgan.core.safetensors.StoredTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training run with DiffAugment ({@code --diffaugment}) on {@link ToyContext}, whose tensor operations (the
 * augmentations included) are computed for real: the augmentation changes what the discriminator sees, its stream is
 * recorded in checkpoints with the policies, and a resumed run continues bit for bit.
 */
class DiffAugmentTrainingTest {

    private static final DiffAugmentSetting ALL = DiffAugmentSetting.parse("color,translation,cutout");
    private static final String CHECKPOINT_6 = "checkpoint/iter-000000006.safetensors";

    @TempDir
    Path dir;

    @Test
    void threeIterationsPlusResumePlusThreeEqualSixUninterruptedWithDiffAugment() throws Exception {
        List<StepLosses> straight = new ArrayList<>();
        new Trainer(new ToyContext(), config(6, dir.resolve("a"), ALL), TrainerTest.DATA, List.of(recorder(straight)))
                .run();
        new Trainer(new ToyContext(), config(3, dir.resolve("b"), ALL), TrainerTest.DATA, List.of()).run();
        List<StepLosses> resumed = new ArrayList<>();
        new Trainer(new ToyContext(), config(6, dir.resolve("b"), ALL), TrainerTest.DATA, List.of(recorder(resumed)))
                .resume(dir.resolve("b")).run();

        assertEquals(straight.subList(3, 6), resumed, "iterations 4 to 6 see the same augmentations");
        Map<String, StoredTensor> a = CheckpointFile.read(dir.resolve("a").resolve(CHECKPOINT_6)).tensors();
        Map<String, StoredTensor> b = CheckpointFile.read(dir.resolve("b").resolve(CHECKPOINT_6)).tensors();
        assertEquals(a.keySet(), b.keySet());
        a.forEach((name, t) -> assertArrayEquals(t.bytes(), b.get(name).bytes(), name));
        CheckpointInfo infoA = CheckpointFile.read(dir.resolve("a").resolve(CHECKPOINT_6)).info();
        CheckpointInfo infoB = CheckpointFile.read(dir.resolve("b").resolve(CHECKPOINT_6)).info();
        assertEquals(infoA.augmentRandomState(), infoB.augmentRandomState());
    }

    @Test
    void theAugmentationChangesWhatTheDiscriminatorSeesAndIsRecorded() throws Exception {
        List<StepLosses> plain = new ArrayList<>();
        new Trainer(new ToyContext(), config(3, dir.resolve("plain"), DiffAugmentSetting.OFF), TrainerTest.DATA,
                List.of(recorder(plain), new RunSummaryWriter(dir.resolve("plain-summary.json")))).run();
        for (String policy : List.of("color", "translation", "cutout")) {
            List<StepLosses> augmented = new ArrayList<>();
            new Trainer(new ToyContext(), config(3, dir.resolve(policy), DiffAugmentSetting.parse(policy)),
                    TrainerTest.DATA, List.of(recorder(augmented),
                            new RunSummaryWriter(dir.resolve(policy + "-summary.json")))).run();
            assertNotEquals(plain.get(0), augmented.get(0), policy + " changes the first iteration's losses");
        }
        Path checkpoint = dir.resolve("cutout/checkpoint/iter-000000003.safetensors");
        Map<String, String> metadata = CheckpointFile.read(checkpoint).info().toMetadata();
        assertEquals("cutout", metadata.get("config.diffaugment"));
        assertTrue(metadata.containsKey("random.augment"), metadata.toString());
        assertEquals(DiffAugmentSetting.parse("cutout"), CheckpointFile.read(checkpoint).info().config().diffAugment());
        Map<String, String> off = CheckpointFile.read(dir.resolve("plain/checkpoint/iter-000000003.safetensors"))
                .info().toMetadata();
        assertEquals("off", off.get("config.diffaugment"));
        assertTrue(!off.containsKey("random.augment"), off.toString());
        String summary = Files.readString(dir.resolve("cutout-summary.json"));
        assertTrue(summary.contains("\"diffaugment\": [\"cutout\"]"), summary);
        assertTrue(Files.readString(dir.resolve("plain-summary.json")).contains("\"diffaugment\": null"));
    }

    @Test
    void aCheckpointIsResumedOnlyWithTheSamePolicies() {
        new Trainer(new ToyContext(), config(3, dir, ALL), TrainerTest.DATA, List.of()).run();
        ResumeRefusedException e = assertThrows(ResumeRefusedException.class,
                () -> new Trainer(new ToyContext(), config(6, dir, DiffAugmentSetting.parse("color")),
                        TrainerTest.DATA, List.of()).resume(dir));
        assertTrue(e.getMessage().endsWith("was trained with DiffAugment color,translation,cutout but this run has "
                + "color; resume with the same DiffAugment"), e.getMessage());
    }

    private static TrainingConfig config(long steps, Path out, DiffAugmentSetting augment) {
        return new TrainingConfig("dcgan32", null, steps, 0, 8, 2e-4, 0.5, 0.999, 7, 0, 0, 2, out, EmaSetting.OFF,
                augment);
    }

    private static TrainingListener recorder(List<StepLosses> losses) {
        return new TrainingListener() {
            @Override
            public void onIteration(IterationRecord record) {
                losses.add(record.losses());
            }
        };
    }
}
