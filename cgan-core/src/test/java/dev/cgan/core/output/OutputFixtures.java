package dev.cgan.core.output;

import dev.cgan.core.model.ModelCatalog;
import dev.cgan.core.train.IterationRecord;
import dev.cgan.core.train.RunInfo;
import dev.cgan.core.train.SampleGrid;
import dev.cgan.core.train.StepLosses;
import dev.cgan.core.train.TrainingConfig;
import java.nio.file.Path;
import java.util.List;

/** Small, deterministic inputs for the output tests. */
final class OutputFixtures {

    static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover");

    private OutputFixtures() {
    }

    /** A grid whose pixels sweep [-1, 1], so every image differs. */
    static SampleGrid grid(long iteration, int perClass, int channels, int size) {
        float[] px = new float[CLASSES.size() * perClass * channels * size * size];
        for (int i = 0; i < px.length; i++) {
            px[i] = -1f + 2f * (i % 97) / 96f;
        }
        return new SampleGrid(iteration, CLASSES, perClass, channels, size, px);
    }

    static TrainingConfig config(Path out) {
        return new TrainingConfig("dcgan32", null, 100, 0, 8, 2e-4, 0.5, 0.999, 42, 10, 0, 8, out);
    }

    static RunInfo run(Path out, long firstIteration) {
        return new RunInfo("djl", "cpu", ModelCatalog.dcgan32(CLASSES.size(), 1), "Fashion-MNIST (embedded)",
                CLASSES, 600, 75, firstIteration, 100, config(out));
    }

    /** An iteration whose losses drift and wobble like a GAN's. */
    static IterationRecord iteration(long i) {
        double wobble = Math.sin(i * 0.7) * 0.3;
        return new IterationRecord(i, (int) (i / 75) + 1,
                new StepLosses(1.4 - i * 0.004 + wobble, 0.7 + i * 0.01 - wobble, 0.6 + wobble / 3, 0.4 - wobble / 3),
                0.05, 160.0);
    }
}
