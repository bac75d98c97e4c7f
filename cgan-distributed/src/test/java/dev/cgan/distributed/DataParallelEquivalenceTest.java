package dev.cgan.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.backend.nd4j.Nd4jBackend;
import dev.cgan.backend.onednn.OnednnBackend;
import dev.cgan.core.parallel.Collective;
import dev.cgan.core.parallel.Rendezvous;
import dev.cgan.core.train.IterationRecord;
import dev.cgan.core.train.StepLosses;
import dev.cgan.core.train.Trainer;
import dev.cgan.core.train.TrainingConfig;
import dev.cgan.core.train.TrainingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two ranks on loopback (one engine thread each) with a per-rank batch of 32 reproduce one process at batch 64: the
 * losses agree within 1e-5 relative over 5 iterations, and the weights of both ranks are bitwise identical after
 * every step. The model is BatchNorm-free, so per-rank statistics cannot make the runs differ legitimately.
 */
class DataParallelEquivalenceTest {

    private static final int STEPS = 5;
    private static final int GLOBAL_BATCH = 64;
    private static final double RELATIVE = 1e-5;
    private static final double GRADIENT_RELATIVE = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {"onednn", "nd4j"})
    void twoRanksAtBatch32ReproduceOneProcessAtBatch64(String engine) throws Exception {
        TinyData data = new TinyData(256);
        Run one = train(engine, data, Collective.single());
        List<StepLosses> single = one.losses;

        Rendezvous base = Ranks.loopback(2, Duration.ofSeconds(60));
        List<Run> ranks = Ranks.run(2, rank -> {
            try (Collective c = C10dCollectiveFactoryAccess.join(base.forRank(rank))) {
                return train(engine, data, c);
            }
        });

        List<StepLosses> parallel = ranks.get(0).losses;
        assertEquals(STEPS, single.size());
        assertEquals(STEPS, parallel.size(), "rank 0 reports every iteration");
        assertTrue(ranks.get(1).losses.isEmpty(), "rank 1 tells no listener");
        for (int i = 0; i < STEPS; i++) {
            StepLosses a = single.get(i);
            StepLosses b = parallel.get(i);
            close(a.lossD(), b.lossD(), "loss D, iteration " + (i + 1));
            close(a.lossG(), b.lossG(), "loss G, iteration " + (i + 1));
            close(a.dReal(), b.dReal(), "D(x), iteration " + (i + 1));
            close(a.dFake(), b.dFake(), "D(G(z)), iteration " + (i + 1));
        }
        // Adam hardly changes when every gradient is scaled alike, so the losses alone would miss gradients that are
        // summed instead of averaged; G's gradients (intact after its step) must be those of the global batch.
        for (int i = 0; i < STEPS; i++) {
            float[] expected = one.generatorGradients.get(i);
            float[] actual = ranks.get(0).generatorGradients.get(i);
            double scale = 0;
            double worst = 0;
            for (int k = 0; k < expected.length; k++) {
                scale = Math.max(scale, Math.abs(expected[k]));
                worst = Math.max(worst, Math.abs(expected[k] - actual[k]));
            }
            assertTrue(worst <= GRADIENT_RELATIVE * scale, "G's gradients after step " + (i + 1) + " differ by "
                    + worst + " from one process's (largest " + scale + ")");
            assertArrayEquals(actual, ranks.get(1).generatorGradients.get(i),
                    "the ranks' averaged G gradients after step " + (i + 1) + " differ");
        }
        List<float[]> w0 = ranks.get(0).weights;
        List<float[]> w1 = ranks.get(1).weights;
        assertEquals(STEPS, w0.size(), "weights seen after every step");
        assertEquals(STEPS, one.weights.size());
        assertEquals(w0.size(), w1.size());
        for (int i = 0; i < w0.size(); i++) {
            assertArrayEquals(w0.get(i), w1.get(i), "the ranks' weights after step " + (i + 1) + " differ");
        }
    }

    private static void close(double expected, double actual, String what) {
        double scale = Math.max(Math.abs(expected), 1e-12);
        assertTrue(Math.abs(expected - actual) / scale <= RELATIVE,
                what + ": one process " + expected + ", two ranks " + actual);
    }

    /** What one rank (or the single process) saw: the losses it was told of and its weights after each step. */
    record Run(List<StepLosses> losses, List<float[]> weights, List<float[]> generatorGradients) {
    }

    static Run train(String engine, TinyData data, Collective collective) {
        Backend backend = engine.equals("onednn") ? new OnednnBackend() : new Nd4jBackend();
        TrainingConfig config = TrainingConfig.dcgan("tiny8", null, STEPS, 0, GLOBAL_BATCH, 2e-4, 7, 0, 0, 2, null);
        List<StepLosses> losses = new ArrayList<>();
        List<float[]> weights = new ArrayList<>();
        List<float[]> gradients = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onIteration(IterationRecord record) {
                losses.add(record.losses());
            }
        };
        try (ComputeContext context = backend.open(Device.cpu(), new BackendOptions(1, false, false))) {
            AtomicReference<Trainer> trainer = new AtomicReference<>();
            Runnable afterStep = () -> {
                weights.add(flat(trainer.get()));
                gradients.add(generatorGradients(trainer.get()));
            };
            // One process averages its losses too (over itself), so the same hook follows each of its steps.
            Collective watched = new AfterEachStep(collective, afterStep);
            trainer.set(new Trainer(context, config, TinyModel.spec(), data, List.of(listener), watched));
            trainer.get().run();
        }
        return new Run(losses, weights, gradients);
    }

    /** The generator's parameter gradients, in order. */
    static float[] generatorGradients(Trainer trainer) {
        List<Tensor> grads = new ArrayList<>();
        trainer.generator().network().parameters().values().forEach(p -> grads.add(p.grad()));
        return concat(grads);
    }

    /** All weights of both networks, in order. */
    static float[] flat(Trainer trainer) {
        List<Tensor> all = new ArrayList<>(trainer.generator().network().state().values());
        all.addAll(trainer.discriminator().network().state().values());
        return concat(all);
    }

    private static float[] concat(List<Tensor> all) {
        int n = 0;
        for (Tensor t : all) {
            n += t.shape().sizeAsInt();
        }
        float[] out = new float[n];
        int offset = 0;
        for (Tensor t : all) {
            float[] v = t.toFloatArray();
            System.arraycopy(v, 0, out, offset, v.length);
            offset += v.length;
        }
        return out;
    }

    /**
     * Passes every operation on, and calls {@code afterStep} when the trainer averages a step's four losses — the
     * last collective of an iteration, after both optimizer steps.
     */
    static final class AfterEachStep implements Collective {
        private final Collective inner;
        private final Runnable afterStep;

        AfterEachStep(Collective inner, Runnable afterStep) {
            this.inner = inner;
            this.afterStep = afterStep;
        }

        @Override
        public int rank() {
            return inner.rank();
        }

        @Override
        public int worldSize() {
            return inner.worldSize();
        }

        @Override
        public void allReduceMean(float[] values) {
            inner.allReduceMean(values);
            if (values.length == 4) {
                afterStep.run();
            }
        }

        @Override
        public void broadcast(float[] values, int root) {
            inner.broadcast(values, root);
        }

        @Override
        public void barrier() {
            inner.barrier();
        }

        @Override
        public void close() {
        }
    }
}
