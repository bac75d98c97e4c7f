package dev.cgan.backend.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.backend.djl.kernel.Convolution;
import dev.cgan.backend.djl.kernel.ConvolutionSelfCheck;
import dev.cgan.backend.djl.kernel.ShapeCheckedConvolution;
import dev.cgan.core.init.DcganInit;
import dev.cgan.core.init.SeededRandom;
import dev.cgan.core.model.Discriminator;
import dev.cgan.core.model.Generator;
import dev.cgan.core.model.ModelCatalog;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.train.CganStep;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A measurement to read, not a check (BENCHMARKS.md, section 4): which convolution shapes of the catalog's models a
 * djl CPU context runs on libtorch and which it keeps on im2col, for the batch sizes given, with the environment
 * this JVM was started with (e.g. {@code ONEDNN_MAX_CPU_ISA}), and the time of each training iteration.
 *
 * <pre>java -cp TEST_CLASS_PATH dev.cgan.backend.djl.ConvolutionShapeProbe dcgan64,dcgan32 64,16,1 ITERATIONS</pre>
 *
 * <p>It first prints the verdict of the backend's start-up self-check of libtorch's convolution ({@code passes}, or
 * the first wrong result); with the single argument {@code self-check} it stops there. {@code scripts/record-djl-shapes}
 * runs both under each oneDNN setting and records the outcome.
 */
public final class ConvolutionShapeProbe {

    private ConvolutionShapeProbe() {
    }

    public static void main(String[] args) {
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            String failure = ConvolutionSelfCheck.run(manager, Convolution.LIBTORCH);
            System.out.println("libtorch self-check: " + (failure == null ? "passes" : failure));
        }
        if (args.length == 1 && args[0].equals("self-check")) {
            return;
        }
        String[] models = (args.length > 0 ? args[0] : "dcgan64,dcgan32").split(",");
        String[] batches = (args.length > 1 ? args[1] : "64").split(",");
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        try (ComputeContext context = new DjlBackend().open(Device.cpu(), new BackendOptions(0, false, false))) {
            System.out.println("device: " + context.device().description() + "; diagnostics " + context.diagnostics()
                    + "; ONEDNN_MAX_CPU_ISA=" + System.getenv("ONEDNN_MAX_CPU_ISA"));
            for (String name : models) {
                for (String b : batches) {
                    int batch = Integer.parseInt(b);
                    CganStep step = step(context, name);
                    ModelSpec spec = spec(name);
                    Tensor[] data = batch(context, spec, batch);
                    for (int i = 1; i <= iterations; i++) {
                        long start = System.nanoTime();
                        step.run(data[0], data[1], data[2]);
                        System.out.printf(Locale.ROOT, "%s b%d iteration %d: %.0f ms%n", name, batch, i,
                                (System.nanoTime() - start) / 1e6);
                    }
                }
            }
            if (((DjlContext) context).convolution() instanceof ShapeCheckedConvolution checked) {
                Map<String, String> choices = checked.choices();
                long kept = choices.values().stream().filter("im2col"::equals).count();
                System.out.println("shapes: " + choices.size() + ", kept on im2col: " + kept);
                choices.forEach((g, c) -> System.out.println("  " + c + "  " + g));
            } else {
                System.out.println("every shape on " + context.diagnostics().get(DjlBackend.CONVOLUTION));
            }
        }
    }

    private static ModelSpec spec(String name) {
        return name.equals("dcgan64") ? ModelCatalog.dcgan64(3, 3) : ModelCatalog.dcgan32(10, 1);
    }

    private static CganStep step(ComputeContext context, String name) {
        ModelSpec model = spec(name);
        Generator g = new Generator(context, model);
        Discriminator d = new Discriminator(context, model);
        SeededRandom random = new SeededRandom(7);
        DcganInit.apply(g.network(), random);
        DcganInit.apply(d.network(), random);
        Optimizer adamG = context.optimizer(OptimizerSpec.Adam.dcgan(), List.copyOf(g.network().parameters().values()));
        Optimizer adamD = context.optimizer(OptimizerSpec.Adam.dcgan(), List.copyOf(d.network().parameters().values()));
        return new CganStep(context, g, d, adamG, adamD);
    }

    private static Tensor[] batch(ComputeContext context, ModelSpec model, int batch) {
        int classes = model.numClasses();
        int channels = model.channels();
        int size = model.imageSize();
        SeededRandom random = new SeededRandom(11);
        float[] images = new float[batch * channels * size * size];
        float[] oneHot = new float[batch * classes];
        float[] z = new float[batch * model.zDim()];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) Math.tanh(random.nextGaussian());
        }
        for (int n = 0; n < batch; n++) {
            oneHot[n * classes + n % classes] = 1;
        }
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian();
        }
        return new Tensor[] {context.tensor(images, Shape.of(batch, channels, size, size)),
            context.tensor(oneHot, Shape.of(batch, classes)), context.tensor(z, Shape.of(batch, model.zDim()))};
    }
}
