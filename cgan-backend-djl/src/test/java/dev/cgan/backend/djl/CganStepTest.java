package dev.cgan.backend.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.cgan.core.train.StepLosses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * cgan-core's real CGAN iteration on this backend: it runs, learns (the discriminator's loss falls on a fixed batch),
 * and memory stays flat, both as DJL arrays held (exactly constant) and as resident memory (bounded growth).
 *
 * <p>Set {@code -Dcgan.djl.soak=300} to also run the documented manual check: 300 iterations of dcgan32 at batch 64,
 * printing the time per iteration and the resident memory every 25 iterations.
 */
class CganStepTest {

    @Test
    void trainsDcgan32WithFlatMemory() {
        try (ComputeContext context = Fixtures.cpu()) {
            Training training = new Training(context, 8);
            DjlContext djl = (DjlContext) context;
            StepLosses first = training.step();
            int arrays = djl.manager().getManagedArrays().size();
            long rssAfterWarmUp = 0;
            StepLosses last = first;
            for (int i = 1; i <= 40; i++) {
                last = training.step();
                assertTrue(Double.isFinite(last.lossD()) && Double.isFinite(last.lossG()), last.toString());
                if (i == 10) {
                    rssAfterWarmUp = residentBytes();
                }
            }
            assertEquals(arrays, djl.manager().getManagedArrays().size(), "DJL arrays held by the context");
            long growth = residentBytes() - rssAfterWarmUp;
            assertTrue(growth < 48L << 20, "resident memory grew by " + (growth >> 20) + " MiB over 30 iterations");
            assertTrue(last.lossD() < first.lossD(), "D learns on a fixed batch: " + first + " -> " + last);
        }
    }

    @Test
    void soak() {
        int iterations = Integer.getInteger("cgan.djl.soak", 0);
        // A measurement to read, not a check: it prints time and memory per 25 iterations and asserts nothing, so it
        // runs only when asked for (mvn -pl cgan-backend-djl test -Dtest=CganStepTest#soak -Dcgan.djl.soak=2000).
        Assumptions.assumeTrue(iterations > 0, "the soak runs only with -Dcgan.djl.soak=<iterations>");
        int threads = Integer.getInteger("cgan.djl.threads", 0);
        try (ComputeContext context = new DjlBackend().open(Device.cpu(), new BackendOptions(threads, false, false))) {
            Training training = new Training(context, 64);
            long start = System.nanoTime();
            long windowStart = start;
            for (int i = 1; i <= iterations; i++) {
                StepLosses losses = training.step();
                if (i % 25 == 0 || i == 1) {
                    long now = System.nanoTime();
                    int window = i == 1 ? 1 : 25;
                    Runtime runtime = Runtime.getRuntime();
                    System.out.printf(Locale.ROOT,
                            "soak %4d  %7.1f ms/it  rss %5d MiB (java heap committed %4d MiB)  D %.4f  G %.4f%n", i,
                            (now - windowStart) / 1e6 / window, residentBytes() >> 20, runtime.totalMemory() >> 20,
                            losses.lossD(), losses.lossG());
                    windowStart = now;
                }
            }
            System.out.printf(Locale.ROOT, "soak total %.1f s for %d iterations (%s)%n",
                    (System.nanoTime() - start) / 1e9, iterations, context.device());
        }
    }

    /** dcgan32 for 10 classes of 1-channel images, DCGAN initialisation, Adam, and one fixed batch. */
    private static final class Training {
        private final CganStep step;
        private final Tensor real;
        private final Tensor labels;
        private final Tensor noise;

        Training(ComputeContext context, int batch) {
            ModelSpec model = ModelCatalog.dcgan32(10, 1);
            Generator g = new Generator(context, model);
            Discriminator d = new Discriminator(context, model);
            SeededRandom random = new SeededRandom(7);
            DcganInit.apply(g.network(), random);
            DcganInit.apply(d.network(), random);
            Optimizer adamG = context.optimizer(OptimizerSpec.Adam.dcgan(), List.copyOf(g.network().parameters()
                    .values()));
            Optimizer adamD = context.optimizer(OptimizerSpec.Adam.dcgan(), List.copyOf(d.network().parameters()
                    .values()));
            step = new CganStep(context, g, d, adamG, adamD);
            float[] images = new float[batch * 32 * 32];
            float[] oneHot = new float[batch * 10];
            float[] z = new float[batch * ModelCatalog.Z_DIM];
            for (int i = 0; i < images.length; i++) {
                images[i] = (float) Math.tanh(random.nextGaussian());
            }
            for (int n = 0; n < batch; n++) {
                oneHot[n * 10 + n % 10] = 1;
            }
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) random.nextGaussian();
            }
            real = context.tensor(images, Shape.of(batch, 1, 32, 32));
            labels = context.tensor(oneHot, Shape.of(batch, 10));
            noise = context.tensor(z, Shape.of(batch, ModelCatalog.Z_DIM));
        }

        StepLosses step() {
            return step.run(real, labels, noise);
        }
    }

    /** VmRSS of this process (Linux), 0 elsewhere. */
    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
