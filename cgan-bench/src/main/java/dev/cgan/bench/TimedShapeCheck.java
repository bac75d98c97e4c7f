package dev.cgan.bench;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorScope;
import dev.cgan.conformance.fixtures.GeneratedTensor;
import dev.cgan.core.model.Discriminator;
import dev.cgan.core.model.Generator;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.model.Network;
import dev.cgan.core.safetensors.Json;
import dev.cgan.core.train.CganStep;
import dev.cgan.core.train.StepLosses;
import dev.cgan.core.train.TrainingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The timed shape checked against real PyTorch: one training iteration of a benchmark model at batch
 * {@value #BATCH} on the context about to be timed, compared with PyTorch's float32 run of the same weights and batch
 * ({@code timed-shape-reference.json}, written by {@code cgan-bench/pytorch/timed_shape_reference.py}). Weights and batch
 * are drawn with the conformance fixtures' {@link GeneratedTensor} (SplitMix64), which that script computes
 * identically, so the fixture holds only PyTorch's results.
 *
 * <p>Each figure (D and G loss, mean D output on the real and the fake batch; G's loss comes after D's Adam step, so
 * the update is checked too) may differ from PyTorch's
 * float32 one by {@value #RELATIVE_FLOOR} of its size, or by {@value #SPREAD_FACTOR} times the distance between
 * PyTorch's own float32 and float64 runs if that is larger: after Adam's first step, float32 rounding alone moves
 * dcgan64's G loss by a fraction of a percent, and an engine that rounds differently must not be refused for that.
 * Later iterations are not compared: they are chaotic (the reference script says why).
 */
final class TimedShapeCheck {

    static final int BATCH = 64;
    static final double RELATIVE_FLOOR = 1e-4;
    static final double SPREAD_FACTOR = 4;
    private static final String[] FIGURES = {"loss_d", "loss_g", "d_real", "d_fake"};
    private static final double SQRT3 = Math.sqrt(3);
    private static final long IMAGE_SEED = 1;
    private static final long NOISE_SEED = 2;

    private TimedShapeCheck() {
    }

    /**
     * Runs the iterations on {@code context} with DCGAN's Adam and refuses the benchmark when a figure is off.
     *
     * @throws BenchmarkRefusedException naming the figure, both values and the allowance
     */
    static void require(ComputeContext context, String model) {
        String problem = compare(model, run(context, model, TrainingConfig.DCGAN_ADAM));
        if (problem != null) {
            throw new BenchmarkRefusedException("refusing to time backend '" + context.backend().name() + "' on "
                    + model + " at batch " + BATCH + ": " + problem);
        }
        System.out.println("# timed-shape check: backend '" + context.backend().name() + "' matches PyTorch on "
                + model + " at batch " + BATCH + " over " + reference(model, "float32").get("loss_d").size()
                + " iterations");
    }

    /** The figures of the fixture's iterations from the generated weights and batch, with {@code adam}. */
    static List<StepLosses> run(ComputeContext context, String modelName, OptimizerSpec adam) {
        ModelSpec model = TrainingSetup.model(modelName);
        Generator generator = new Generator(context, model);
        Discriminator discriminator = new Discriminator(context, model);
        fill(generator.network());
        fill(discriminator.network());
        Optimizer gOptimizer = context.optimizer(adam, List.copyOf(generator.network().parameters().values()));
        Optimizer dOptimizer = context.optimizer(adam, List.copyOf(discriminator.network().parameters().values()));
        CganStep step = new CganStep(context, generator, discriminator, gOptimizer, dOptimizer);
        int size = model.imageSize();
        Shape imageShape = Shape.of(BATCH, model.channels(), size, size);
        Shape noiseShape = Shape.of(BATCH, model.zDim());
        List<StepLosses> losses = new ArrayList<>();
        try (TensorScope scope = context.scope()) {
            Tensor real = context.tensor(new GeneratedTensor(imageShape, IMAGE_SEED, 0, 1).values(), imageShape);
            Tensor noise = context.tensor(new GeneratedTensor(noiseShape, NOISE_SEED, 0, SQRT3).values(), noiseShape);
            Tensor y = context.tensor(TrainingSetup.cyclingLabels(BATCH, model.numClasses()),
                    Shape.of(BATCH, model.numClasses()));
            int iterations = reference(modelName, "float32").get("loss_d").size();
            for (int t = 0; t < iterations; t++) {
                losses.add(step.run(real, y, noise));
            }
        }
        return losses;
    }

    /** The first figure outside its allowance, described; {@code null} when every figure is within. */
    static String compare(String model, List<StepLosses> observed) {
        Map<String, List<Double>> f32 = reference(model, "float32");
        Map<String, List<Double>> f64 = reference(model, "float64");
        for (int t = 0; t < observed.size(); t++) {
            StepLosses s = observed.get(t);
            double[] mine = {s.lossD(), s.lossG(), s.dReal(), s.dFake()};
            for (int k = 0; k < FIGURES.length; k++) {
                double expected = f32.get(FIGURES[k]).get(t);
                double spread = Math.abs(expected - f64.get(FIGURES[k]).get(t));
                double allowance = Math.max(RELATIVE_FLOOR * Math.abs(expected), SPREAD_FACTOR * spread);
                if (!(Math.abs(mine[k] - expected) <= allowance)) {
                    return String.format(java.util.Locale.ROOT, "iteration %d's %s is %.7g where PyTorch's float32 "
                            + "run gives %.7g (allowed difference %.3g); its results at the timed shape do not match "
                            + "PyTorch's", t + 1, FIGURES[k], mine[k], expected, allowance);
                }
            }
        }
        return null;
    }

    /**
     * Every state tensor of {@code network} drawn with {@link GeneratedTensor} (SplitMix64, which the reference script
     * computes identically), seeded by its state_dict name: uniform with DCGAN's spread (standard deviation 0.02, around
     * 1 for BatchNorm's gamma), running mean 0 and variance 1.
     */
    static void fill(Network network) {
        network.state().forEach((name, tensor) -> {
            float[] values;
            if (name.endsWith("running_mean")) {
                values = new float[tensor.shape().sizeAsInt()];
            } else if (name.endsWith("running_var")) {
                values = new float[tensor.shape().sizeAsInt()];
                java.util.Arrays.fill(values, 1f);
            } else {
                double offset = name.endsWith("weight") && tensor.shape().rank() == 1 ? 1 : 0;
                values = new GeneratedTensor(tensor.shape(), seed(name), offset, 0.02 * SQRT3).values();
            }
            tensor.copyFrom(values);
        });
    }

    /** The sum of the name's character codes: a seed the reference script derives the same way. */
    static long seed(String name) {
        return name.chars().sum();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<Double>> reference(String model, String precision) {
        Map<String, Object> models = (Map<String, Object>) FIXTURE.get("models");
        Map<String, Object> entry = (Map<String, Object>) Objects.requireNonNull(models.get(model),
                () -> "timed-shape-reference.json has no model " + model);
        Map<String, List<Double>> out = new java.util.HashMap<>();
        ((Map<String, Object>) entry.get(precision)).forEach((k, v) -> {
            List<Double> numbers = new ArrayList<>();
            for (Object o : (List<Object>) v) {
                numbers.add(((Number) o).doubleValue());
            }
            out.put(k, numbers);
        });
        return out;
    }

    private static final Map<String, Object> FIXTURE = load();

    private static Map<String, Object> load() {
        try (InputStream in = TimedShapeCheck.class.getResourceAsStream("timed-shape-reference.json")) {
            if (in == null) {
                throw new IllegalStateException("timed-shape-reference.json is missing from cgan-bench's jar");
            }
            return Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
