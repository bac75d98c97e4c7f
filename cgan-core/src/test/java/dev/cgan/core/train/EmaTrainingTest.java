package dev.cgan.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.core.checkpoint.CheckpointFile;
import dev.cgan.core.checkpoint.GeneratorCheckpoint;
import dev.cgan.core.fakes.ToyContext;
import dev.cgan.core.safetensors.DType;
import dev.cgan.core.safetensors.SafeTensorsFile;
import dev.cgan.core.safetensors.StoredTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training run with a moving average of its generator ({@code --ema}) on {@link ToyContext}: the average is the
 * closed-form weighted sum of the weights the run went through, it is what the grids and the generator read from a
 * checkpoint show, it leaves the training itself unchanged, and a resumed run continues it bit for bit.
 */
class EmaTrainingTest {

    private static final double DECAY = 0.9;
    private static final String CHECKPOINT_6 = "checkpoint/iter-000000006.safetensors";

    @TempDir
    Path dir;

    @Test
    void theAverageIsTheDecayWeightedSumOfTheWeightsTheRunWentThrough() {
        List<Map<String, float[]>> weights = new ArrayList<>(); // index k: after iteration k (0: initial)
        AtomicReference<Trainer> trainer = new AtomicReference<>();
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void onStart(RunInfo run) {
                weights.add(state(trainer.get()));
            }

            @Override
            public void onIteration(IterationRecord record) {
                weights.add(state(trainer.get()));
            }
        };
        trainer.set(new Trainer(new ToyContext(), config(6, dir.resolve("a"), new EmaSetting(DECAY, 0)),
                TrainerTest.DATA, List.of(recorder)));
        trainer.get().run();
        assertEquals(7, weights.size());

        Map<String, StoredTensor> saved = CheckpointFile.read(dir.resolve("a").resolve(CHECKPOINT_6)).tensors();
        double largestGap = 0;
        for (String name : weights.get(0).keySet()) {
            float[] ema = saved.get("ema." + name).floats();
            float[] raw = saved.get(name).floats();
            for (int i = 0; i < ema.length; i++) {
                // ema_6 = d^6 w_0 + sum_{k=1..6} (1 - d) d^(6-k) w_k, in double.
                double expected = Math.pow(DECAY, 6) * weights.get(0).get(name)[i];
                for (int k = 1; k <= 6; k++) {
                    expected += (1 - DECAY) * Math.pow(DECAY, 6 - k) * weights.get(k).get(name)[i];
                }
                assertEquals(expected, ema[i], 1e-5 * Math.max(1, Math.abs(expected)), name + "[" + i + "]");
                largestGap = Math.max(largestGap, Math.abs(ema[i] - raw[i]));
            }
        }
        assertTrue(largestGap > 1e-3, "the average is not the trained weights (largest gap " + largestGap + ")");
        assertEquals(6, saved.get("ema.generator.1.num_batches_tracked").longs()[0]);
    }

    @Test
    void theAverageLeavesTrainingAloneButIsWhatTheGridsAndCheckpointReadersShow() throws Exception {
        List<StepLosses> plainLosses = new ArrayList<>();
        List<SampleGrid> plainGrids = new ArrayList<>();
        new Trainer(new ToyContext(), config(3, dir.resolve("plain"), EmaSetting.OFF), TrainerTest.DATA,
                List.of(recorder(plainLosses, plainGrids))).run();
        List<StepLosses> emaLosses = new ArrayList<>();
        List<SampleGrid> emaGrids = new ArrayList<>();
        new Trainer(new ToyContext(), config(3, dir.resolve("ema"), new EmaSetting(DECAY, 0)), TrainerTest.DATA,
                List.of(recorder(emaLosses, emaGrids))).run();

        assertEquals(plainLosses, emaLosses, "averaging changes nothing in the training itself");
        assertArrayEquals(plainGrids.get(0).pixels(), emaGrids.get(0).pixels(), "at iteration 0 both are the same");
        assertFalse(java.util.Arrays.equals(plainGrids.get(1).pixels(), emaGrids.get(1).pixels()),
                "the final grid shows the average");

        Path checkpoint = dir.resolve("ema/checkpoint/iter-000000003.safetensors");
        Map<String, StoredTensor> all = CheckpointFile.read(checkpoint).tensors();
        GeneratorCheckpoint g = GeneratorCheckpoint.read(dir.resolve("ema"));
        assertTrue(g.averaged());
        for (var e : g.tensors().entrySet()) {
            assertArrayEquals(all.get("ema." + e.getKey()).bytes(), e.getValue().bytes(), e.getKey());
        }
        assertFalse(java.util.Arrays.equals(all.get("generator.0.weight").bytes(),
                g.tensors().get("generator.0.weight").bytes()), "generate/evaluate/export get the average");
        assertFalse(GeneratorCheckpoint.read(dir.resolve("plain")).averaged());

        // An export holds the average under the generator's own names, marked as such.
        Path exported = dir.resolve("generator.safetensors");
        g.export(exported);
        SafeTensorsFile file = SafeTensorsFile.read(exported);
        assertEquals("ema", file.metadata().get("weights"));
        assertArrayEquals(all.get("ema.generator.0.weight").bytes(), file.tensors().get("generator.0.weight").bytes());
        assertTrue(GeneratorCheckpoint.read(exported).averaged());
    }

    @Test
    void threeIterationsPlusResumePlusThreeEqualSixUninterruptedWithTheAverage() {
        List<StepLosses> straightLosses = new ArrayList<>();
        List<SampleGrid> straightGrids = new ArrayList<>();
        EmaSetting ema = new EmaSetting(DECAY, 2);
        new Trainer(new ToyContext(), config(6, dir.resolve("a"), ema), TrainerTest.DATA,
                List.of(recorder(straightLosses, straightGrids))).run();
        new Trainer(new ToyContext(), config(3, dir.resolve("b"), ema), TrainerTest.DATA, List.of()).run();
        List<SampleGrid> resumedGrids = new ArrayList<>();
        new Trainer(new ToyContext(), config(6, dir.resolve("b"), ema), TrainerTest.DATA,
                List.of(recorder(new ArrayList<>(), resumedGrids))).resume(dir.resolve("b")).run();

        Map<String, StoredTensor> a = CheckpointFile.read(dir.resolve("a").resolve(CHECKPOINT_6)).tensors();
        Map<String, StoredTensor> b = CheckpointFile.read(dir.resolve("b").resolve(CHECKPOINT_6)).tensors();
        assertEquals(a.keySet(), b.keySet());
        assertTrue(a.containsKey("ema.generator.0.weight"), a.keySet().toString());
        a.forEach((name, t) -> assertArrayEquals(t.bytes(), b.get(name).bytes(), name));
        assertArrayEquals(straightGrids.get(straightGrids.size() - 1).pixels(),
                resumedGrids.get(resumedGrids.size() - 1).pixels(), "the same average after resume");
    }

    @Test
    void aCheckpointIsResumedOnlyWithTheSameAverage() {
        new Trainer(new ToyContext(), config(3, dir, EmaSetting.OFF), TrainerTest.DATA, List.of()).run();
        ResumeRefusedException on = assertThrows(ResumeRefusedException.class,
                () -> new Trainer(new ToyContext(), config(6, dir, new EmaSetting(0.999, 0)), TrainerTest.DATA,
                        List.of()).resume(dir));
        String asOptions = on.settingsMessage().render(s -> s == TrainingSetting.EMA_DECAY ? "--ema" : s.words());
        assertTrue(asOptions.endsWith("was trained with EMA off but this run has decay 0.999; resume with the same "
                + "--ema"), asOptions);
    }

    @Test
    void decaysOutsideTheOpenUnitIntervalAreRefused() {
        for (double bad : new double[] {1, 1.5, -0.1, Double.NaN}) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> config(3, null, new EmaSetting(bad, 0)));
            assertTrue(e.getMessage().startsWith("EMA decay must lie strictly between 0 and 1"), e.getMessage());
        }
        assertThrows(InvalidSettingException.class, () -> config(3, null, new EmaSetting(0.9, -1)));
    }

    private static TrainingConfig config(long steps, Path out, EmaSetting ema) {
        return new TrainingConfig("dcgan32", null, steps, 0, 8, 2e-4, 0.5, 0.999, 7, 0, 0, 2, out, ema);
    }

    private static Map<String, float[]> state(Trainer trainer) {
        Map<String, float[]> out = new LinkedHashMap<>();
        trainer.generator().network().state().forEach((name, t) -> out.put(name, t.toFloatArray()));
        return out;
    }

    private static TrainingListener recorder(List<StepLosses> losses, List<SampleGrid> grids) {
        return new TrainingListener() {
            @Override
            public void onIteration(IterationRecord record) {
                losses.add(record.losses());
            }

            @Override
            public void onSamples(SampleGrid samples) {
                grids.add(samples);
            }
        };
    }
}
