package dev.cgan.cli.progress;

import dev.cgan.core.model.ModelCatalog;
import dev.cgan.core.train.RunInfo;
import dev.cgan.core.train.TrainingConfig;
import java.nio.file.Path;
import java.util.List;

final class ProgressFixtures {

    private ProgressFixtures() {
    }

    static RunInfo run(long total) {
        TrainingConfig config = new TrainingConfig("dcgan32", null, total, 0, 64, 2e-4, 0.5, 0.999, 42, 10, 0, 8,
                Path.of("runs", "test"));
        return new RunInfo("djl", "cpu", ModelCatalog.dcgan32(2, 1), "two classes", List.of("a", "b"), 640, 10, 1,
                total, config);
    }
}
