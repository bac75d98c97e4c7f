package dev.cgan.backend.onednn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cgan.api.Availability;
import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.backend.djl.DjlBackend;
import dev.cgan.core.data.Dataset;
import dev.cgan.core.data.FashionMnist;
import dev.cgan.core.train.IterationRecord;
import dev.cgan.core.train.StepLosses;
import dev.cgan.core.train.Trainer;
import dev.cgan.core.train.TrainingConfig;
import dev.cgan.core.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * oneDNN against libtorch on a whole training run: cgan-core's {@link Trainer} runs {@code dcgan32} from one seed on
 * DJL and on oneDNN and compares the per-iteration losses; and a checkpoint written by either engine resumes on the
 * other. Tolerances as in the ND4J engine's test of the same name, for the same reasons: the first iteration agrees
 * to float32 rounding (1e-5 relative), Adam's first steps turn last-bit differences into full {@code ±lr} moves (1e-3
 * up to iteration 5); from a shared checkpoint the first resumed iteration agrees to rounding (1e-5) and the next two
 * to 1e-4.
 */
class CrossEngineTrainingTest {

    private static final Dataset DATA = FashionMnist.embedded().first(160);
    private static final int BATCH = 16;
    private static final long SEED = 20240611L;

    @TempDir
    Path dir;

    @Test
    void fiveIterationsOfDcgan32GiveTheSameLossesOnDjlAndOnednn() {
        List<StepLosses> djl = train(new DjlBackend(), config(5, null), null);
        List<StepLosses> onednn = train(new OnednnBackend(), config(5, null), null);
        assertEquals(5, djl.size());
        assertEquals(5, onednn.size());
        for (int i = 0; i < 5; i++) {
            assertClose("iteration " + (i + 1), djl.get(i), onednn.get(i), i == 0 ? 1e-5 : 1e-3);
        }
    }

    @Test
    void aCheckpointWrittenByEitherEngineResumesOnTheOther() {
        List<StepLosses> djlStraight = train(new DjlBackend(), config(6, null), null);
        train(new DjlBackend(), config(3, dir.resolve("djl")), null);
        List<StepLosses> onednnFromDjl = train(new OnednnBackend(), config(6, null), dir.resolve("djl"));

        List<StepLosses> onednnStraight = train(new OnednnBackend(), config(6, null), null);
        train(new OnednnBackend(), config(3, dir.resolve("onednn")), null);
        List<StepLosses> djlFromOnednn = train(new DjlBackend(), config(6, null), dir.resolve("onednn"));

        assertEquals(3, onednnFromDjl.size());
        assertEquals(3, djlFromOnednn.size());
        for (int i = 0; i < 3; i++) {
            double tolerance = i == 0 ? 1e-5 : 1e-4;
            assertClose("iteration " + (i + 4) + " on onednn resumed from djl's checkpoint", djlStraight.get(i + 3),
                    onednnFromDjl.get(i), tolerance);
            assertClose("iteration " + (i + 4) + " on djl resumed from onednn's checkpoint",
                    onednnStraight.get(i + 3), djlFromOnednn.get(i), tolerance);
        }
    }

    /** Both losses and both mean discriminator outputs within {@code tolerance} relative. */
    private static void assertClose(String what, StepLosses expected, StepLosses actual, double tolerance) {
        double[] e = {expected.lossD(), expected.lossG(), expected.dReal(), expected.dFake()};
        double[] a = {actual.lossD(), actual.lossG(), actual.dReal(), actual.dFake()};
        String[] names = {"loss D", "loss G", "D(x)", "D(G(z))"};
        for (int k = 0; k < e.length; k++) {
            double error = Math.abs(e[k] - a[k]) / Math.abs(e[k]);
            int at = k;
            assertTrue(error <= tolerance, () -> what + ", " + names[at] + ": " + a[at] + " vs " + e[at]
                    + " (relative error " + error + " > " + tolerance + ")");
        }
    }

    private static List<StepLosses> train(Backend backend, TrainingConfig config, Path resumeFrom) {
        Availability availability = backend.availability();
        assumeTrue(availability.available(),
                () -> "backend " + backend.name() + " is unavailable here: " + availability.reason());
        List<StepLosses> losses = new ArrayList<>();
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void onIteration(IterationRecord record) {
                losses.add(record.losses());
            }
        };
        int threads = backend instanceof OnednnBackend ? OnednnBackend.ompThreads() : 2;
        try (ComputeContext context = backend.open(Device.cpu(), new BackendOptions(threads, false, false))) {
            Trainer trainer = new Trainer(context, config, DATA, List.of(recorder));
            if (resumeFrom != null) {
                trainer.resume(resumeFrom);
            }
            trainer.run();
        }
        return losses;
    }

    private static TrainingConfig config(long steps, Path out) {
        return new TrainingConfig("dcgan32", null, steps, 0, BATCH, 2e-4, 0.5, 0.999, SEED, 0, 0, 1, out);
    }
}
