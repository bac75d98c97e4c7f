package dev.cgan.backend.nd4j;

import dev.cgan.api.BackendOptions;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.core.init.DcganInit;
import dev.cgan.core.init.SeededRandom;
import dev.cgan.core.model.Discriminator;
import dev.cgan.core.model.Generator;
import dev.cgan.core.model.ModelCatalog;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.train.CganStep;
import dev.cgan.core.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where one training iteration of the ND4J backend spends its time: runs warm-up iterations of a model at batch 64
 * (the benchmark's setup: DCGAN init, Adam(2e-4, 0.5, 0.999), one fixed batch), then times every operation of a few
 * more with an {@link Nd4jOpTimer} — each layer's forward and backward keyed by layer type and output shape, the
 * optimizers' steps, the tape's gradient accumulation — and prints the table of shares of the iteration time.
 *
 * <pre>java -cp (test class path) dev.cgan.backend.nd4j.Nd4jIterationProfile dcgan64 [ITERATIONS] [THREADS] [plain]</pre>
 *
 * With {@code plain}, only the untimed iterations run (for A/B comparisons of two builds).
 */
public final class Nd4jIterationProfile {

    private Nd4jIterationProfile() {
    }

    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "dcgan64";
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        ModelSpec model = name.equals("dcgan32") ? ModelCatalog.dcgan32(10, 1) : ModelCatalog.dcgan64(3, 3);
        int batch = 64;
        try (ComputeContext context = new Nd4jBackend().open(Device.cpu(), new BackendOptions(threads, false,
                false))) {
            SeededRandom root = new SeededRandom(42);
            SeededRandom init = root.fork();
            SeededRandom data = root.fork();
            Generator generator = new Generator(context, model);
            Discriminator discriminator = new Discriminator(context, model);
            DcganInit.apply(generator.network(), init);
            DcganInit.apply(discriminator.network(), init);
            OptimizerSpec adam = new OptimizerSpec.Adam(2e-4, 0.5, 0.999, Trainer.ADAM_EPS);
            Optimizer g = context.optimizer(adam, List.copyOf(generator.network().parameters().values()));
            Optimizer d = context.optimizer(adam, List.copyOf(discriminator.network().parameters().values()));
            CganStep step = new CganStep(context, generator, discriminator, g, d);
            int size = model.imageSize();
            float[] real = new float[batch * model.channels() * size * size];
            for (int i = 0; i < real.length; i++) {
                real[i] = data.nextFloat() * 2f - 1f;
            }
            float[] labels = new float[batch * model.numClasses()];
            for (int i = 0; i < batch; i++) {
                labels[i * model.numClasses() + i % model.numClasses()] = 1f;
            }
            float[] noise = new float[batch * model.zDim()];
            data.fillGaussian(noise, 0.0, 1.0);
            Tensor x = context.tensor(real, Shape.of(batch, model.channels(), size, size));
            Tensor y = context.tensor(labels, Shape.of(batch, model.numClasses()));
            Tensor z = context.tensor(noise, Shape.of(batch, model.zDim()));

            for (int i = 0; i < 2; i++) {
                step.run(x, y, z);
            }
            List<Long> plain = new ArrayList<>();
            for (int i = 0; i < iterations; i++) {
                long start = System.nanoTime();
                step.run(x, y, z);
                plain.add(System.nanoTime() - start);
            }
            if (args.length > 3 && args[3].equals("plain")) {
                System.out.printf("%s untimed iterations (ms): %s%n", name,
                        plain.stream().map(n -> String.format("%.0f", n / 1e6)).toList());
                return;
            }
            Nd4jContext nd4j = (Nd4jContext) context;
            Nd4jOpTimer timer = new Nd4jOpTimer();
            nd4j.timer(timer);
            long start = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                step.run(x, y, z);
            }
            long total = System.nanoTime() - start;
            nd4j.timer(null);
            print(name, context.device(), iterations, plain, total, timer.entries());
        }
    }

    private static void print(String name, Device device, int iterations, List<Long> plain, long total,
                              Map<String, Nd4jOpTimer.Entry> entries) {
        System.out.printf("%s b64 on %s%n", name, device.description());
        System.out.printf("untimed iterations (ms): %s%n",
                plain.stream().map(n -> String.format("%.0f", n / 1e6)).toList());
        System.out.printf("timed iterations: %.0f ms per iteration%n%n", total / 1e6 / iterations);
        System.out.println("| operation | calls/it | ms/it | share |");
        System.out.println("|---|---:|---:|---:|");
        long accounted = 0;
        List<Map.Entry<String, Nd4jOpTimer.Entry>> sorted = new ArrayList<>(entries.entrySet());
        sorted.sort((a, b) -> Long.compare(b.getValue().nanos, a.getValue().nanos));
        for (Map.Entry<String, Nd4jOpTimer.Entry> e : sorted) {
            accounted += e.getValue().nanos;
            System.out.printf("| %s | %d | %.1f | %.1f%% |%n", e.getKey(), e.getValue().calls / iterations,
                    e.getValue().nanos / 1e6 / iterations, 100.0 * e.getValue().nanos / total);
        }
        System.out.printf("| (not in any operation) | | %.1f | %.1f%% |%n", (total - accounted) / 1e6 / iterations,
                100.0 * (total - accounted) / total);
    }
}
