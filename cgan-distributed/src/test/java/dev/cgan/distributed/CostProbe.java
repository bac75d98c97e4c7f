package dev.cgan.distributed;

import dev.cgan.api.BackendOptions;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.backend.onednn.OnednnBackend;
import dev.cgan.core.data.FashionMnist;
import dev.cgan.core.model.ModelCatalog;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.parallel.Rendezvous;
import dev.cgan.core.train.IterationRecord;
import dev.cgan.core.train.Trainer;
import dev.cgan.core.train.TrainingConfig;
import dev.cgan.core.train.TrainingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures what data parallelism costs here: one rank of a run on the onednn engine and the embedded Fashion-MNIST,
 * launched with torchrun's environment (scripts/record-distributed does it for 1 and 2 ranks). Rank 0 prints one JSON
 * object: the seconds of each iteration after the warm-up and the seconds spent in all-reduces within it (the copies
 * into libtorch's buffer and the wait for the other ranks included), and the gradient values exchanged per iteration.
 *
 * <p>Usage: {@code CostProbe MODEL GLOBAL_BATCH WARMUP STEPS}.
 */
public final class CostProbe {

    private CostProbe() {
    }

    public static void main(String[] args) {
        String model = args[0];
        int batch = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        Rendezvous r = Rendezvous.fromEnvironment(System.getenv(), Duration.ofSeconds(600));
        var data = FashionMnist.embedded();
        ModelSpec spec = ModelCatalog.byName(model, data.numClasses(), data.channels());
        TrainingConfig config = TrainingConfig.dcgan(model, null, warmup + steps, 0, batch, 2e-4, 42, 0, 0, 1, null);
        List<Double> seconds = new ArrayList<>();
        List<Double> reduceSeconds = new ArrayList<>();
        try (GlooCollective collective = GlooCollective.join(r);
             ComputeContext context = new OnednnBackend().open(Device.cpu(), BackendOptions.defaults())) {
            long[] before = {0};
            TrainingListener timing = new TrainingListener() {
                @Override
                public void onIteration(IterationRecord record) {
                    long now = collective.allReduceNanos();
                    if (record.iteration() > warmup) {
                        seconds.add(record.seconds());
                        reduceSeconds.add((now - before[0]) / 1e9);
                    }
                    before[0] = now;
                }
            };
            Trainer trainer = new Trainer(context, config, spec, data, List.of(timing), collective);
            trainer.run();
            long gradients = 0;
            for (var p : trainer.generator().network().parameters().values()) {
                gradients += p.shape().size();
            }
            for (var p : trainer.discriminator().network().parameters().values()) {
                gradients += p.shape().size();
            }
            if (r.rank() == 0) {
                System.out.println(String.format(Locale.ROOT,
                        "{\"model\": \"%s\", \"backend\": \"onednn\", \"ranks\": %d, \"threads_per_rank\": %s, "
                                + "\"global_batch\": %d, \"warmup\": %d, \"gradient_values\": %d, "
                                + "\"iteration_seconds\": %s, \"allreduce_seconds\": %s}",
                        model, r.worldSize(), System.getenv().getOrDefault("OMP_NUM_THREADS", "null"), batch, warmup,
                        gradients, list(seconds), list(reduceSeconds)));
            }
        }
    }

    private static String list(List<Double> values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6f", values.get(i)));
        }
        return b.append(']').toString();
    }
}
