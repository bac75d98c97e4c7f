package dev.cgan.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.BackendOptions;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.backend.onednn.OnednnBackend;
import dev.cgan.core.eval.EvaluationTracker;
import dev.cgan.core.eval.Evaluator;
import dev.cgan.core.parallel.Collective;
import dev.cgan.core.parallel.Rendezvous;
import dev.cgan.core.train.Trainer;
import dev.cgan.core.train.TrainingConfig;
import dev.cgan.core.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --eval-every} with ranks: rank 0 alone evaluates (training or loading the classifier at the first
 * evaluation, sampling with the generator in training mode) while the other ranks wait in their next collective. The
 * evaluation must leave no trace in rank 0's training state, so the ranks do not drift apart: on a generator with
 * BatchNorm, the weights of both ranks are bitwise identical after every step, and each rank's weights and BatchNorm
 * statistics bitwise those of the same 2-rank run without evaluation; rank 0 wrote the evaluations, the other rank
 * nothing.
 */
class EvaluationAcrossRanksTest {

    private static final int STEPS = 4;
    private static final int EVERY = 2;

    @TempDir
    Path dir;

    @Test
    void rankZeroEvaluatesAndTheRanksStayIdenticalToARunWithoutEvaluation() throws Exception {
        TinyData data = new TinyData(256);
        List<List<After>> plain = twoRanks(data, false);
        List<List<After>> evaluated = twoRanks(data, true);

        for (int step = 0; step < STEPS; step++) {
            // BatchNorm's running statistics are per rank (as in DDP); the weights are the same on every rank.
            assertArrayEquals(evaluated.get(0).get(step).weights(), evaluated.get(1).get(step).weights(),
                    "the ranks' weights after step " + (step + 1) + " differ");
            for (int rank = 0; rank < 2; rank++) {
                assertArrayEquals(plain.get(rank).get(step).state(), evaluated.get(rank).get(step).state(),
                        "rank " + rank + " after step " + (step + 1) + ": the run with evaluations differs from the "
                                + "run without (weights or BatchNorm statistics)");
            }
        }
        Path log = dir.resolve("rank0").resolve("eval.jsonl");
        assertTrue(Files.isRegularFile(log), "rank 0 wrote " + log);
        assertEquals(STEPS / EVERY, Files.readAllLines(log).size(), Files.readString(log));
        try (var written = Files.list(dir.resolve("rank1"))) {
            assertEquals(List.of(), written.toList(), "the other rank wrote nothing");
        }
    }

    /** A rank after a step: the weights of both networks, and the weights with the BatchNorm buffers. */
    private record After(float[] weights, float[] state) {
    }

    /** What each rank was after every step. */
    private List<List<After>> twoRanks(TinyData data, boolean evaluate) throws Exception {
        Rendezvous base = Ranks.loopback(2, Duration.ofSeconds(120));
        Files.createDirectories(dir.resolve("rank0"));
        Files.createDirectories(dir.resolve("rank1"));
        return Ranks.run(2, rank -> {
            try (Collective c = C10dCollectiveFactoryAccess.join(base.forRank(rank));
                 ComputeContext context = new OnednnBackend().open(Device.cpu(), new BackendOptions(1, false, false))) {
                TrainingConfig config = TrainingConfig.dcgan("tiny8bn", null, STEPS, 0, 64, 2e-4, 7, 0, 0, 2, null);
                AtomicReference<Trainer> trainer = new AtomicReference<>();
                List<After> states = new ArrayList<>();
                Collective watched = new DataParallelEquivalenceTest.AfterEachStep(c,
                        () -> states.add(new After(weights(trainer.get()), DataParallelEquivalenceTest.flat(
                                trainer.get()))));
                // As cgan-cli train gives it: the evaluation is a listener, and the trainer tells listeners on rank 0.
                List<TrainingListener> listeners = new ArrayList<>();
                if (evaluate) {
                    Path root = dir.resolve("rank" + rank);
                    Evaluator[] evaluator = {null};
                    listeners.add(new EvaluationTracker(root, EVERY, iteration -> {
                        if (evaluator[0] == null) {
                            evaluator[0] = new Evaluator(context, data, data, new Evaluator.Settings(8, 1, 3,
                                    dir.resolve("classifiers")), line -> { });
                        }
                        return evaluator[0].evaluate(trainer.get().outputGenerator(), trainer.get().model(),
                                iteration);
                    }));
                }
                trainer.set(new Trainer(context, config, TinyModel.withBatchNorm(), data, listeners, watched));
                trainer.get().run();
                return states;
            }
        });
    }

    private static float[] weights(Trainer trainer) {
        List<float[]> parts = new ArrayList<>();
        trainer.generator().network().parameters().values().forEach(t -> parts.add(t.toFloatArray()));
        trainer.discriminator().network().parameters().values().forEach(t -> parts.add(t.toFloatArray()));
        int n = parts.stream().mapToInt(a -> a.length).sum();
        float[] out = new float[n];
        int offset = 0;
        for (float[] a : parts) {
            System.arraycopy(a, 0, out, offset, a.length);
            offset += a.length;
        }
        return out;
    }
}
