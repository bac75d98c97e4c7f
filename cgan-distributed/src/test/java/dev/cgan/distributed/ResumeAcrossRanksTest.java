package dev.cgan.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.BackendOptions;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.backend.onednn.OnednnBackend;
import dev.cgan.core.parallel.Collective;
import dev.cgan.core.parallel.Rendezvous;
import dev.cgan.core.train.IterationRecord;
import dev.cgan.core.train.StepLosses;
import dev.cgan.core.train.Trainer;
import dev.cgan.core.train.TrainingConfig;
import dev.cgan.core.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint of a 2-rank run (written by rank 0 alone) resumes in one process, which then trains as if the whole
 * run had been one process: the same losses within 1e-5 relative.
 */
class ResumeAcrossRanksTest {

    private static final int FIRST = 3;
    private static final int TOTAL = 5;

    @TempDir
    Path dir;

    @Test
    void twoRanksThenOneProcessFollowOneProcessThroughout() throws Exception {
        TinyData data = new TinyData(256);
        List<StepLosses> straight = train(data, TOTAL, null, null, Collective.single());

        Path run = dir.resolve("run");
        Rendezvous base = Ranks.loopback(2, Duration.ofSeconds(60));
        Ranks.run(2, rank -> {
            try (Collective c = C10dCollectiveFactoryAccess.join(base.forRank(rank))) {
                return train(data, FIRST, run, null, c);
            }
        });
        try (var files = Files.list(run.resolve("checkpoint"))) {
            assertEquals(1, files.count(), "rank 0 wrote the one checkpoint");
        }
        List<StepLosses> resumed = train(data, TOTAL, run, run, Collective.single());

        assertEquals(TOTAL - FIRST, resumed.size());
        for (int i = 0; i < resumed.size(); i++) {
            double a = straight.get(FIRST + i).lossD();
            double b = resumed.get(i).lossD();
            assertTrue(Math.abs(a - b) <= 1e-5 * Math.abs(a),
                    "loss D of iteration " + (FIRST + i + 1) + ": one process " + a + ", resumed " + b);
            a = straight.get(FIRST + i).lossG();
            b = resumed.get(i).lossG();
            assertTrue(Math.abs(a - b) <= 1e-5 * Math.abs(a),
                    "loss G of iteration " + (FIRST + i + 1) + ": one process " + a + ", resumed " + b);
        }
    }

    private static List<StepLosses> train(TinyData data, int steps, Path out, Path resume, Collective collective) {
        TrainingConfig config = TrainingConfig.dcgan("tiny8", null, steps, 0, 64, 2e-4, 7, 0, 0, 2, out);
        List<StepLosses> losses = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onIteration(IterationRecord record) {
                losses.add(record.losses());
            }
        };
        try (ComputeContext context = new OnednnBackend().open(Device.cpu(), new BackendOptions(1, false, false))) {
            Trainer trainer = new Trainer(context, config, TinyModel.spec(), data, List.of(listener), collective);
            if (resume != null) {
                trainer.resume(resume);
            }
            trainer.run();
        }
        return losses;
    }
}
