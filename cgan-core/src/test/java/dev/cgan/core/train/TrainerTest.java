package dev.cgan.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.tensor.Tensor;
import dev.cgan.core.checkpoint.CheckpointException;
import dev.cgan.core.checkpoint.CheckpointFile;
import dev.cgan.core.checkpoint.CheckpointInfo;
import dev.cgan.core.checkpoint.CheckpointStore;
import dev.cgan.core.checkpoint.GeneratorCheckpoint;
import dev.cgan.core.checkpoint.TrainingSnapshot;
import dev.cgan.core.data.Dataset;
import dev.cgan.core.fakes.ToyContext;
import dev.cgan.core.model.ModelCatalog;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.safetensors.StoredTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer's orchestration — schedules, listeners, checkpoints, resuming, stopping, divergence — on
 * {@link ToyContext}, a deterministic stand-in that computes no real gradients. The numerics of a training run are
 * tested against real backends elsewhere.
 */
class TrainerTest {

    @TempDir
    Path dir;

    @Test
    void aModelOfTheCallersOwnIsTrainedAndItsGeneratorReadBackUnderItsName() {
        ModelSpec own = renamed(ModelCatalog.dcgan32(DATA.numClasses(), DATA.channels()), "mine32");
        TrainingConfig settings = new TrainingConfig("mine32", null, 2, 0, 8, 2e-4, 0.5, 0.999, 7, 0, 0, 2,
                dir.resolve("own"));
        Trainer trainer = new Trainer(new ToyContext(), settings, own, DATA, List.of());
        assertEquals("completed", trainer.run().stopReason());
        assertEquals("mine32", trainer.model().name());

        GeneratorCheckpoint read = GeneratorCheckpoint.read(trainer.lastCheckpoint(), own);
        assertEquals(own, read.model());
        assertEquals(2, read.iteration());
        // The catalog does not know the name, so only the reader given the model can read it.
        CheckpointException unknown = assertThrows(CheckpointException.class,
                () -> GeneratorCheckpoint.read(trainer.lastCheckpoint()));
        assertTrue(unknown.getMessage().contains("unknown model 'mine32'"), unknown.getMessage());
        ModelSpec other = renamed(own, "other32");
        CheckpointException wrong = assertThrows(CheckpointException.class,
                () -> GeneratorCheckpoint.read(trainer.lastCheckpoint(), other));
        assertTrue(wrong.getMessage().contains("not other32"), wrong.getMessage());
    }

    @Test
    void aModelWhoseNameOrClassesDoNotFitTheSettingsOrDataIsRefused() {
        ModelSpec own = renamed(ModelCatalog.dcgan32(DATA.numClasses(), DATA.channels()), "mine32");
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(new ToyContext(), config(2, 0, 0, dir.resolve("n")), own, DATA, List.of()));
        assertTrue(name.getMessage().contains("set TrainingConfig.model to mine32"), name.getMessage());
        ModelSpec fewer = renamed(ModelCatalog.dcgan32(3, DATA.channels()), "dcgan32");
        IllegalArgumentException classes = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(new ToyContext(), config(2, 0, 0, dir.resolve("c")), fewer, DATA, List.of()));
        assertTrue(classes.getMessage().contains("built for 3 classes"), classes.getMessage());
    }

    private static ModelSpec renamed(ModelSpec m, String name) {
        return new ModelSpec(name, m.zDim(), m.numClasses(), m.channels(), m.imageSize(), m.generator(),
                m.discriminator(), m.noise(), m.pixels());
    }

    @Test
    void threeIterationsPlusResumePlusThreeEqualSixUninterrupted() {
        Recorder straight = new Recorder();
        new Trainer(new ToyContext(), config(6, 0, 0, dir.resolve("a")), DATA, List.of(straight)).run();

        Recorder firstHalf = new Recorder();
        new Trainer(new ToyContext(), config(3, 0, 0, dir.resolve("b")), DATA, List.of(firstHalf)).run();
        Recorder secondHalf = new Recorder();
        Trainer resumed = new Trainer(new ToyContext(), config(6, 0, 0, dir.resolve("b")), DATA, List.of(secondHalf))
                .resume(dir.resolve("b"));
        resumed.run();

        List<StepLosses> joined = new ArrayList<>(firstHalf.losses);
        joined.addAll(secondHalf.losses);
        assertEquals(straight.losses, joined, "the same batches, noise and updates, bit for bit");
        assertEquals(List.of(4L, 5L, 6L), secondHalf.iterations);
        assertEquals(4, secondHalf.started.get(0).firstIteration());

        // The final checkpoints agree in every tensor, optimizer state and counter included.
        Map<String, StoredTensor> a = CheckpointFile.read(dir.resolve("a/checkpoint/iter-000000006.safetensors"))
                .tensors();
        Map<String, StoredTensor> b = CheckpointFile.read(dir.resolve("b/checkpoint/iter-000000006.safetensors"))
                .tensors();
        assertEquals(a.keySet(), b.keySet());
        a.forEach((name, t) -> assertArrayEquals(t.bytes(), b.get(name).bytes(), name));
        assertEquals(6, a.get("generator.1.num_batches_tracked").longs()[0]);
        assertEquals(18, a.get("discriminator.3.num_batches_tracked").longs()[0]);
        assertArrayEquals(straight.samples.get(straight.samples.size() - 1).pixels(),
                secondHalf.samples.get(secondHalf.samples.size() - 1).pixels(), "same fixed noise after resume");
    }

    @Test
    void anMlpResumesWithTheDropoutMasksOfAnUninterruptedRun() {
        Recorder straight = new Recorder();
        new Trainer(new ToyContext(), mlpConfig(6, dir.resolve("a")), DATA, List.of(straight)).run();

        Recorder firstHalf = new Recorder();
        new Trainer(new ToyContext(), mlpConfig(3, dir.resolve("b")), DATA, List.of(firstHalf)).run();
        Path third = dir.resolve("b/checkpoint/iter-000000003.safetensors");
        CheckpointInfo atThree = CheckpointFile.read(third).info();
        assertEquals(List.of("generator.joint.2", "discriminator.image.1", "discriminator.label.1",
                "discriminator.joint.1"), List.copyOf(atThree.layerRandomStates().keySet()));
        // Each stream has moved on from its seed (101, 201, 202, 203): without restoring it a resume would differ.
        assertFalse(atThree.layerRandomStates().containsValue(101L));
        assertFalse(atThree.layerRandomStates().containsValue(201L));

        Recorder secondHalf = new Recorder();
        new Trainer(new ToyContext(), mlpConfig(6, dir.resolve("b")), DATA, List.of(secondHalf))
                .resume(dir.resolve("b")).run();
        List<StepLosses> joined = new ArrayList<>(firstHalf.losses);
        joined.addAll(secondHalf.losses);
        assertEquals(straight.losses, joined, "the same batches, noise, masks and updates, bit for bit");

        Map<String, StoredTensor> a = CheckpointFile.read(dir.resolve("a/checkpoint/iter-000000006.safetensors"))
                .tensors();
        Map<String, StoredTensor> b = CheckpointFile.read(dir.resolve("b/checkpoint/iter-000000006.safetensors"))
                .tensors();
        a.forEach((name, t) -> assertArrayEquals(t.bytes(), b.get(name).bytes(), name));
        assertEquals(CheckpointFile.read(dir.resolve("a/checkpoint/iter-000000006.safetensors")).info()
                .layerRandomStates(), CheckpointFile.read(dir.resolve("b/checkpoint/iter-000000006.safetensors"))
                .info().layerRandomStates());
    }

    @Test
    void anMlpCheckpointWithoutMaskPositionsStillResumesWithMasksFromTheSeeds() {
        Recorder straight = new Recorder();
        new Trainer(new ToyContext(), mlpConfig(6, dir.resolve("a")), DATA, List.of(straight)).run();
        new Trainer(new ToyContext(), mlpConfig(3, dir.resolve("b")), DATA, List.of()).run();
        // Rewrite the checkpoint as a version without the random.layer.* entries wrote it.
        Path third = dir.resolve("b/checkpoint/iter-000000003.safetensors");
        TrainingSnapshot snapshot = CheckpointFile.read(third);
        CheckpointInfo i = snapshot.info();
        CheckpointFile.write(third, new TrainingSnapshot(new CheckpointInfo(i.iteration(), i.config(), i.classNames(),
                i.datasetSize(), i.datasetDescription(), i.noiseRandomState(), i.sampler()), snapshot.tensors()));
        assertTrue(CheckpointFile.read(third).info().layerRandomStates().isEmpty());

        Recorder secondHalf = new Recorder();
        new Trainer(new ToyContext(), mlpConfig(6, dir.resolve("b")), DATA, List.of(secondHalf))
                .resume(dir.resolve("b")).run();
        assertEquals(List.of(4L, 5L, 6L), secondHalf.iterations);
        // The masks restart from the seeds, so the continuation differs from the uninterrupted run.
        assertNotEquals(straight.losses.subList(3, 6), secondHalf.losses);
    }

    @Test
    void samplesAndCheckpointsFollowTheirIntervalsAndTheEnd() {
        Recorder r = new Recorder();
        RunSummary summary = new Trainer(new ToyContext(), config(5, 2, 2, dir), DATA, List.of(r)).run();

        assertEquals(List.of(0L, 2L, 4L, 5L), r.sampleIterations());
        assertEquals(List.of(2L, 4L, 5L), r.checkpointIterations);
        assertEquals(List.of(dir.resolve("checkpoint/iter-000000005.safetensors")),
                new CheckpointStore(dir.resolve("checkpoint")).list(), "older checkpoints are removed");
        assertEquals("completed", summary.stopReason());
        assertEquals(5, summary.iterations());
        assertEquals(r.losses.get(4), summary.last());
        assertEquals("start", r.events.get(0));
        assertEquals("finish", r.events.get(r.events.size() - 1));

        RunInfo info = r.started.get(0);
        assertEquals("toy", info.backend());
        assertEquals(5, info.totalIterations());
        assertEquals(DATA.size() / 8, info.iterationsPerEpoch());
        SampleGrid grid = r.samples.get(0);
        assertEquals(10 * 2 * 32 * 32, grid.pixels().length);
        assertEquals(DATA.classNames(), grid.classNames());
    }

    @Test
    void epochsDecideTheLengthWhenNoStepsAreGiven() {
        TrainingConfig byEpochs = new TrainingConfig("dcgan32", null, 0, 2, 8, 2e-4, 0.5, 0.999, 1, 0, 0, 1, null);
        Recorder r = new Recorder();
        new Trainer(new ToyContext(), byEpochs, DATA, List.of(r)).run();
        assertEquals(2 * (DATA.size() / 8), r.losses.size());
        assertEquals(List.of(1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2), r.epochs);
    }

    @Test
    void aStopRequestFinishesTheIterationThenSamplesAndCheckpoints() {
        Trainer[] trainer = new Trainer[1];
        Recorder r = new Recorder() {
            @Override
            public void onIteration(IterationRecord record) {
                super.onIteration(record);
                if (record.iteration() == 2) {
                    trainer[0].requestStop();
                }
            }
        };
        trainer[0] = new Trainer(new ToyContext(), config(10, 0, 0, dir), DATA, List.of(r));
        RunSummary summary = trainer[0].run();
        assertEquals("interrupted", summary.stopReason());
        assertEquals(2, summary.iterations());
        assertEquals(List.of(0L, 2L), r.sampleIterations());
        assertEquals(List.of(2L), r.checkpointIterations);
    }

    @Test
    void aTimeLimitEndsTheRunAfterTheIterationDuringWhichItPassedAsAnInterruptWould() {
        Recorder r = new Recorder() {
            @Override
            public void onIteration(IterationRecord record) {
                super.onIteration(record);
                if (record.iteration() == 2) {
                    try {
                        Thread.sleep(3_200); // the limit passes during iteration 2
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        Trainer trainer = new Trainer(new ToyContext(), config(10, 0, 0, dir), DATA, List.of(r));
        trainer.limitTime(java.time.Duration.ofSeconds(3));
        RunSummary summary = trainer.run();
        assertEquals("time limit reached", summary.stopReason());
        assertEquals(2, summary.iterations());
        assertEquals(List.of(0L, 2L), r.sampleIterations());
        assertEquals(List.of(2L), r.checkpointIterations);
        assertThrows(IllegalArgumentException.class, () -> trainer.limitTime(java.time.Duration.ofSeconds(-1)));
    }

    @Test
    void aNonFiniteLossStopsTheRunAndKeepsTheLastGoodCheckpoint() {
        ToyContext context = new ToyContext();
        // D's third update makes its weights NaN, so the G step of iteration 3 already sees a NaN loss.
        context.poisonAtStep(3);
        Recorder r = new Recorder();
        RunSummary summary = new Trainer(context, config(10, 0, 2, dir), DATA, List.of(r)).run();

        assertTrue(summary.stopReason().startsWith("diverged: "), summary.stopReason());
        assertTrue(summary.stopReason().contains("at iteration 3"), summary.stopReason());
        assertTrue(summary.stopReason().contains("iter-000000002.safetensors"), summary.stopReason());
        assertTrue(summary.stopReason().contains("lower learning rate"), summary.stopReason());
        assertFalse(summary.stopReason().contains("\n"));
        assertEquals(2, summary.iterations());
        assertTrue(summary.last().isFinite());
        assertEquals(List.of(2L), r.checkpointIterations);
        assertEquals(List.of(0L), r.sampleIterations(), "no samples from a broken generator");
    }

    @Test
    void aNonFiniteParameterStopsTheRunAtTheNextCheckpointAndKeepsTheLastGoodOne() {
        // The losses stay finite for the iteration in which a weight overflows: only the state shows it.
        Trainer[] trainer = new Trainer[1];
        Recorder r = new Recorder() {
            @Override
            public void onIteration(IterationRecord record) {
                super.onIteration(record);
                if (record.iteration() == 4) {
                    Tensor weight = trainer[0].discriminator().network().parameters().get("discriminator.2.weight");
                    float[] w = weight.toFloatArray();
                    w[w.length / 2] = Float.POSITIVE_INFINITY;
                    weight.copyFrom(w);
                }
            }
        };
        trainer[0] = new Trainer(new ToyContext(), config(10, 0, 2, dir), DATA, List.of(r));
        RunSummary summary = trainer[0].run();

        String reason = summary.stopReason();
        assertTrue(reason.startsWith("diverged: discriminator.2.weight is no longer finite at iteration 4"), reason);
        Path lastGood = dir.resolve("checkpoint/iter-000000002.safetensors");
        assertTrue(reason.contains("the last good checkpoint is " + lastGood), reason);
        assertTrue(reason.contains("try a lower learning rate than 0.0002, e.g. learning rate 0.0001"), reason);
        // The setting stays apart, for a front end to name its way.
        String asOptions = summary.stop().render(s -> s == TrainingSetting.LEARNING_RATE ? "--lr" : s.name());
        assertTrue(asOptions.endsWith("try a lower learning rate than 0.0002, e.g. --lr 0.0001"), asOptions);
        assertFalse(reason.contains("\n"));
        assertEquals(List.of(2L), r.checkpointIterations, "nothing written once the state is broken");
        assertEquals(List.of(dir.resolve("checkpoint/iter-000000002.safetensors")),
                new CheckpointStore(dir.resolve("checkpoint")).list());
        CheckpointFile.read(dir.resolve("checkpoint/iter-000000002.safetensors")).tensors().values().stream()
                .filter(t -> t.dtype() == dev.cgan.core.safetensors.DType.F32)
                .forEach(t -> {
                    for (float v : t.floats()) {
                        assertTrue(Float.isFinite(v));
                    }
                });
    }

    @Test
    void aCheckpointThatCannotBeWrittenEndsTheRunAndKeepsThePreviousOne() throws Exception {
        Path folder = dir.resolve("checkpoint");
        // A non-empty directory where the checkpoint of iteration 4 must go: its final rename fails after the whole
        // file was written, the latest point at which a save can fail (as when a disk fills at the last block).
        java.nio.file.Files.createDirectories(folder.resolve("iter-000000004.safetensors").resolve("occupied"));
        Recorder r = new Recorder();
        Trainer trainer = new Trainer(new ToyContext(), config(10, 0, 2, dir), DATA, List.of(r));

        CheckpointException e = assertThrows(CheckpointException.class, trainer::run);

        assertTrue(e.getMessage().startsWith("cannot write checkpoint " + folder.resolve("iter-000000004")),
                e.getMessage());
        assertEquals(List.of(2L), r.checkpointIterations);
        assertEquals(2, CheckpointFile.read(folder.resolve("iter-000000002.safetensors")).info().iteration());
        try (var files = java.nio.file.Files.list(folder)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(),
                    "no temporary file left");
        }
    }

    @Test
    void partialCheckpointsOfAKilledProcessAreRemovedByTheNextSave() throws Exception {
        Path folder = java.nio.file.Files.createDirectories(dir.resolve("checkpoint"));
        // What AtomicWrite's temporary file is called while a save of iteration 7 is under way.
        Path abandoned = java.nio.file.Files.write(folder.resolve(".iter-000000007.safetensors8812345.tmp"),
                new byte[1000]);
        Path unrelated = java.nio.file.Files.write(folder.resolve("notes.tmp"), new byte[1]);

        new Trainer(new ToyContext(), config(2, 0, 0, dir), DATA, List.of()).run();

        assertFalse(java.nio.file.Files.exists(abandoned), "the dead process's partial checkpoint is gone");
        assertTrue(java.nio.file.Files.exists(unrelated), "files the store did not make are left alone");
    }

    @Test
    void samplingLeavesTheGeneratorsRunningStatisticsAlone() {
        Trainer trainer = new Trainer(new ToyContext(), config(2, 0, 0, null), DATA, List.of());
        trainer.run();
        Map<String, Tensor> buffers = trainer.generator().network().buffers();
        List<float[]> before = buffers.values().stream().map(Tensor::toFloatArray).toList();
        SampleGrid first = trainer.sample();
        SampleGrid second = trainer.sample();
        List<float[]> after = buffers.values().stream().map(Tensor::toFloatArray).toList();
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), after.get(i));
        }
        assertArrayEquals(first.pixels(), second.pixels());
    }

    @Test
    void theSeedDeterminesInitialisationAndSampleNoise() {
        float[] a = new Trainer(new ToyContext(), config(1, 0, 0, null), DATA, List.of()).sample().pixels();
        float[] b = new Trainer(new ToyContext(), config(1, 0, 0, null), DATA, List.of()).sample().pixels();
        TrainingConfig otherSeed = new TrainingConfig("dcgan32", null, 1, 0, 8, 2e-4, 0.5, 0.999, 8, 0, 0, 2, null);
        float[] c = new Trainer(new ToyContext(), otherSeed, DATA, List.of()).sample().pixels();
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
    }

    @Test
    void resumingWithOtherSettingsOrPastTheEndIsRefused() {
        new Trainer(new ToyContext(), config(3, 0, 0, dir), DATA, List.of()).run();
        TrainingConfig otherSeed = new TrainingConfig("dcgan32", null, 6, 0, 8, 2e-4, 0.5, 0.999, 99, 0, 0, 2, dir);
        ResumeRefusedException seed = assertThrows(ResumeRefusedException.class,
                () -> new Trainer(new ToyContext(), otherSeed, DATA, List.of()).resume(dir));
        assertTrue(seed.getMessage().contains("seed 7 but this run has 99; resume with the same seed"),
                seed.getMessage());
        String asOptions = seed.settingsMessage().render(s -> "--" + s.name().toLowerCase(java.util.Locale.ROOT));
        assertTrue(asOptions.endsWith("but this run has 99; resume with the same --seed"), asOptions);
        CheckpointException end = assertThrows(CheckpointException.class,
                () -> new Trainer(new ToyContext(), config(3, 0, 0, dir), DATA, List.of()).resume(dir));
        assertTrue(end.getMessage().contains("ask for more steps"), end.getMessage());
    }

    private static TrainingConfig mlpConfig(long steps, Path out) {
        return new TrainingConfig("mlp", null, steps, 0, 8, 2e-4, 0.5, 0.999, 7, 0, 0, 2, out);
    }

    private static TrainingConfig config(long steps, int sampleEvery, int checkpointEvery, Path out) {
        return new TrainingConfig("dcgan32", null, steps, 0, 8, 2e-4, 0.5, 0.999, 7, sampleEvery, checkpointEvery, 2,
                out);
    }

    /** 68 patterned 32×32 images of 10 classes (68 = 8 full batches of 8 plus 4 dropped). */
    static final Dataset DATA = new Dataset() {
        @Override
        public String description() {
            return "patterns";
        }

        @Override
        public int size() {
            return 68;
        }

        @Override
        public List<String> classNames() {
            return List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9");
        }

        @Override
        public int channels() {
            return 1;
        }

        @Override
        public int imageSize() {
            return 32;
        }

        @Override
        public void copyImage(int index, float[] destination, int offset) {
            for (int p = 0; p < 32 * 32; p++) {
                destination[offset + p] = ((index * 31 + p) % 17) / 8f - 1f;
            }
        }

        @Override
        public int label(int index) {
            return index % 10;
        }
    };

    private static class Recorder implements TrainingListener {
        final List<String> events = new ArrayList<>();
        final List<RunInfo> started = new ArrayList<>();
        final List<StepLosses> losses = new ArrayList<>();
        final List<Long> iterations = new ArrayList<>();
        final List<Integer> epochs = new ArrayList<>();
        final List<SampleGrid> samples = new ArrayList<>();
        final List<Long> checkpointIterations = new ArrayList<>();

        @Override
        public void onStart(RunInfo run) {
            events.add("start");
            started.add(run);
        }

        @Override
        public void onIteration(IterationRecord record) {
            events.add("iteration");
            losses.add(record.losses());
            iterations.add(record.iteration());
            epochs.add(record.epoch());
            assertTrue(record.imagesPerSecond() > 0);
        }

        @Override
        public void onSamples(SampleGrid samples) {
            events.add("samples");
            this.samples.add(samples);
        }

        @Override
        public void onCheckpoint(long iteration, Path checkpoint) {
            events.add("checkpoint");
            checkpointIterations.add(iteration);
            assertTrue(checkpoint.toFile().isFile());
        }

        @Override
        public void onFinish(RunSummary summary) {
            events.add("finish");
        }

        List<Long> sampleIterations() {
            return samples.stream().map(SampleGrid::iteration).toList();
        }
    }
}
