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
 * BatchNorm, the weights and buffers of both ranks are bitwise identical after every step, and bitwise those of the
 * same 2-rank run without evaluation; rank 0 wrote the evaluations, the other rank nothing.
 */
class EvaluationAcrossRanksTest {

    private static final int STEPS = 4;
    private static final int EVERY = 2;

    @TempDir
    Path dir;

    @Test
    void rankZeroEvaluatesAndTheRanksStayIdenticalToARunWithoutEvaluation() throws Exception {
        TinyData data = new TinyData(256);
        List<List<float[]>> plain = twoRanks(data, false);
        List<List<float[]>> evaluated = twoRanks(data, true);

        for (int step = 0; step < STEPS; step++) {
            assertArrayEquals(evaluated.get(0).get(step), evaluated.get(1).get(step),
                    "the ranks' weights and buffers after step " + (step + 1) + " differ");
            assertArrayEquals(plain.get(0).get(step), evaluated.get(0).get(step),
                    "after step " + (step + 1) + " the run with evaluations differs from the run without");
        }
        Path log = dir.resolve("rank0").resolve("eval.jsonl");
        assertTrue(Files.isRegularFile(log), "rank 0 wrote " + log);
        assertEquals(STEPS / EVERY, Files.readAllLines(log).size(), Files.readString(log));
        try (var written = Files.list(dir.resolve("rank1"))) {
            assertEquals(List.of(), written.toList(), "the other rank wrote nothing");
        }
    }

    /** Each rank's weights and buffers (both networks) after every step. */
    private List<List<float[]>> twoRanks(TinyData data, boolean evaluate) throws Exception {
        Rendezvous base = Ranks.loopback(2, Duration.ofSeconds(120));
        Files.createDirectories(dir.resolve("rank0"));
        Files.createDirectories(dir.resolve("rank1"));
        return Ranks.run(2, rank -> {
            try (Collective c = C10dCollectiveFactoryAccess.join(base.forRank(rank));
                 ComputeContext context = new OnednnBackend().open(Device.cpu(), new BackendOptions(1, false, false))) {
                TrainingConfig config = TrainingConfig.dcgan("tiny8bn", null, STEPS, 0, 64, 2e-4, 7, 0, 0, 2, null);
                AtomicReference<Trainer> trainer = new AtomicReference<>();
                List<float[]> states = new ArrayList<>();
                Collective watched = new DataParallelEquivalenceTest.AfterEachStep(c,
                        () -> states.add(DataParallelEquivalenceTest.flat(trainer.get())));
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
}
