package dev.cgan.examples;

import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.BackendRegistry;
import dev.cgan.api.ComputeContext;
import dev.cgan.core.checkpoint.GeneratorCheckpoint;
import dev.cgan.core.data.Dataset;
import dev.cgan.core.generate.Latents;
import dev.cgan.core.generate.TrainedGenerator;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.train.RunSummary;
import dev.cgan.core.train.Trainer;
import dev.cgan.core.train.TrainingConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * cgan used as a library: trains {@link BarsModel} on {@link BarsDataset} with a {@link LossLog} listening, then
 * loads the generator from the run's checkpoint and draws pictures of each class.
 *
 * <p>{@code java dev.cgan.examples.TrainBars [OUT_DIR] [ITERATIONS]} (defaults {@code runs/bars16} and 300).
 */
public final class TrainBars {

    /** What a run gives back: how it ended, and {@code perClass} generated images of each class, class by class. */
    public record Result(RunSummary summary, float[] images, int perClass) {
    }

    private TrainBars() {
    }

    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "runs/bars16");
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Result result = train(out, iterations, new LossLog(System.out, 50));
        System.out.println("generated " + result.images().length / (BarsDataset.SIZE * BarsDataset.SIZE)
                + " images; checkpoints in " + out.resolve("checkpoint"));
    }

    /** Trains for {@code iterations} at batch 32 on the best available backend, then generates 8 images per class. */
    public static Result train(Path out, int iterations, LossLog log) {
        // region readme
        Dataset data = new BarsDataset(1024);
        ModelSpec model = BarsModel.spec(data.numClasses());
        TrainingConfig config = TrainingConfig.dcgan(model.name(), null, iterations, 0, 32, 2e-4, 7, 0, 0, 8, out);

        Backend backend = BackendRegistry.load().best()
                .orElseThrow(() -> new IllegalStateException("no cgan engine can run here"));
        try (ComputeContext context = backend.open(backend.devices().get(0), BackendOptions.defaults())) {
            Trainer trainer = new Trainer(context, config, model, data, List.of(log));
            RunSummary summary = trainer.run();

            GeneratorCheckpoint saved = GeneratorCheckpoint.read(trainer.lastCheckpoint(), model);
            TrainedGenerator generator = new TrainedGenerator(context, saved);
            int perClass = 8;
            int n = perClass * model.numClasses();
            float[] noise = Latents.noise(1, n, model.zDim());
            float[] labels = new float[n * model.numClasses()];
            for (int i = 0; i < n; i++) {
                labels[i * model.numClasses() + i / perClass] = 1f;
            }
            return new Result(summary, generator.generate(noise, labels, n), perClass);
        }
        // endregion readme
    }
}
