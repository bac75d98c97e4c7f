package dev.cgan.bench;

import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.layer.LeakyReLU;
import dev.cgan.api.layer.ReLU;
import dev.cgan.api.layer.Sigmoid;
import dev.cgan.api.layer.Tanh;
import dev.cgan.core.init.DcganInit;
import dev.cgan.core.init.SeededRandom;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.model.NetworkSpec;
import dev.cgan.core.model.StateNames;
import dev.cgan.core.train.Trainer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The same CGAN iteration as {@link dev.cgan.core.train.CganStep} on the {@code nd4j} backend, written directly on
 * ND4J arrays and libnd4j's operations: no tensor wrappers, no tape, no per-operation bookkeeping, no shape checks, no
 * service lookup. The backward pass is written out by hand, layer by layer in reverse, in the order the backend's tape
 * walks it (D's fake branch, then its real branch; then D and G for G's loss).
 *
 * <p>It runs the kernels the backend runs, so that the difference is the framework's layering and not a kernel choice:
 * libnd4j's {@code conv2d}/{@code conv2d_bp} and {@code deconv2d}/{@code deconv2d_bp} with weight format 1 (PyTorch's
 * layout), the first convolution's weight gradient as one matrix product over input columns (and its input gradient,
 * where needed, as a {@code deconv2d}), {@code relu}/{@code tanh}/{@code sigmoid} and their {@code _bp} operations,
 * and, where the backend sweeps arrays in Java (training-mode BatchNorm, LeakyReLU, Adam, the label maps), the same
 * sweeps with the same float and double arithmetic. It also does the same work: D's parameter gradients during G's
 * backward (as PyTorch's autograd does), and BatchNorm's running statistics. All temporaries of one iteration live in
 * one ND4J workspace, configured as the backend's scopes are; weights, gradients and Adam's moments outside it.
 */
final class HandWrittenNd4jStep implements HandWrittenStep {

    private static final WorkspaceConfiguration ITERATION_MEMORY = WorkspaceConfiguration.builder()
            .initialSize(0)
            .overallocationLimit(0.1)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .policyLearning(LearningPolicy.OVER_TIME)
            .cyclesBeforeInitialization(1)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();
    private static final String WORKSPACE = "handwritten-nd4j-iteration";

    private static final double LR = 2e-4;
    private static final double BETA1 = 0.5;
    private static final double BETA2 = 0.999;
    /** PyTorch's BCE clamps log terms at -100 and the gradient's denominator at 1e-12. */
    private static final double LOG_FLOOR = -100;
    private static final double GRADIENT_EPSILON = 1e-12;
    /** The backend's limits for taking a convolution's weight gradient over input columns. */
    private static final int MAX_PATCH = 256;
    private static final long MAX_COLUMNS = 1L << 26;

    private final ModelSpec model;
    private final List<Stage> generator;
    private final List<Stage> discriminator;
    private final List<Parameter> generatorParameters = new ArrayList<>();
    private final List<Parameter> discriminatorParameters = new ArrayList<>();
    private final INDArray real;
    private final INDArray labels;
    private final INDArray noise;
    private long generatorSteps;
    private long discriminatorSteps;

    HandWrittenNd4jStep(ModelSpec model, long seed, float[] real, float[] labels, float[] noise, int batchSize) {
        this.model = model;
        SeededRandom init = new SeededRandom(seed).fork();
        this.generator = build(model.generator(), DcganInit.initialValues(model.generator(), init),
                generatorParameters);
        this.discriminator = build(model.discriminator(), DcganInit.initialValues(model.discriminator(), init),
                discriminatorParameters);
        int size = model.imageSize();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            this.real = Nd4j.create(real, new long[] {batchSize, model.channels(), size, size}, 'c');
            this.labels = Nd4j.create(labels, new long[] {batchSize, model.numClasses()}, 'c');
            this.noise = Nd4j.create(noise, new long[] {batchSize, model.zDim()}, 'c');
        }
    }

    @Override
    public double iterate() {
        int n = Math.toIntExact(real.size(0));
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager()
                .getAndActivateWorkspace(ITERATION_MEMORY, WORKSPACE)) {
            float[] one = new float[n];
            Arrays.fill(one, 1f);
            INDArray ones = Nd4j.create(one, new long[] {n, 1}, 'c');
            INDArray zeros = Nd4j.create(new float[n], new long[] {n, 1}, 'c');

            // D step: real batch (target 1) and the detached fake batch (target 0), one backward, Adam on D.
            discriminatorParameters.forEach(Parameter::zeroGrad);
            Activations onReal = new Activations(discriminator.size());
            INDArray pReal = discriminate(real, onReal);
            INDArray lossReal = bce(pReal, ones);
            Activations generated = new Activations(generator.size());
            INDArray fake = forward(generator, generatorInput(n), generated);
            Activations onFake = new Activations(discriminator.size());
            INDArray pFake = discriminate(fake, onFake);
            INDArray lossFake = bce(pFake, zeros);
            INDArray lossD = lossReal.add(lossFake);
            backward(discriminator, onFake, scoreGradient(pFake, zeros), false);
            backward(discriminator, onReal, scoreGradient(pReal, ones), false);
            adam(discriminatorParameters, ++discriminatorSteps);

            // G step: the same fake batch through the updated D (target 1), back through D into G, Adam on G.
            generatorParameters.forEach(Parameter::zeroGrad);
            Activations onFakeForG = new Activations(discriminator.size());
            INDArray pOnFake = discriminate(fake, onFakeForG);
            INDArray lossG = bce(pOnFake, ones);
            INDArray gradInput = backward(discriminator, onFakeForG, scoreGradient(pOnFake, ones), true);
            INDArray gradFake = gradInput.get(NDArrayIndex.all(), NDArrayIndex.interval(0, model.channels()))
                    .dup('c');
            backward(generator, generated, gradFake, false);
            adam(generatorParameters, ++generatorSteps);
            return (double) lossD.getFloat(0) + lossG.getFloat(0);
        }
    }

    private INDArray generatorInput(int n) {
        return Nd4j.concat(1, noise.reshape('c', n, model.zDim(), 1, 1),
                labels.reshape('c', n, model.numClasses(), 1, 1));
    }

    /** D's probabilities {@code [N, 1]} for {@code images}, its activations kept in {@code saved}. */
    private INDArray discriminate(INDArray images, Activations saved) {
        long n = images.size(0);
        INDArray x = Nd4j.concat(1, images, labelMaps(Math.toIntExact(images.size(2)),
                Math.toIntExact(images.size(3))));
        return forward(discriminator, x, saved).reshape('c', n, 1);
    }

    /** Each label value repeated over a {@code height x width} map. */
    private INDArray labelMaps(int height, int width) {
        float[] values = labels.data().asFloat();
        int plane = height * width;
        INDArray maps = newArray(labels.size(0), labels.size(1), height, width);
        FloatBuffer out = floats(maps);
        for (int i = 0; i < values.length; i++) {
            float value = values[i];
            for (int k = i * plane; k < (i + 1) * plane; k++) {
                out.put(k, value);
            }
        }
        return maps;
    }

    private static INDArray forward(List<Stage> network, INDArray x, Activations saved) {
        for (int i = 0; i < network.size(); i++) {
            saved.inputs[i] = x;
            x = network.get(i).forward(x, saved, i);
        }
        return x;
    }

    /**
     * Back from the gradient of the network's output to its parameters (accumulated into their gradients) and, when
     * {@code inputGradient}, to its input, which is returned ({@code null} otherwise).
     */
    private static INDArray backward(List<Stage> network, Activations saved, INDArray gradOutput,
                                     boolean inputGradient) {
        INDArray g = gradOutput;
        for (int i = network.size() - 1; i >= 0; i--) {
            g = network.get(i).backward(g, saved, i, i > 0 || inputGradient);
        }
        return g;
    }

    /** The gradient of BCE with respect to D's last layer's output {@code [N, 1, 1, 1]}, before the reshape. */
    private static INDArray scoreGradient(INDArray p, INDArray t) {
        return bceGradient(p, t).reshape('c', p.size(0), 1, 1, 1);
    }

    /** PyTorch's BCE on probabilities, mean reduction. */
    private static INDArray bce(INDArray p, INDArray t) {
        INDArray logP = Transforms.max(Transforms.log(p, true), LOG_FLOOR, false);
        INDArray logNotP = Transforms.max(Transforms.log1p(p.neg(), false), LOG_FLOOR, false);
        return t.sub(1).muli(logNotP).subi(t.mul(logP)).mean();
    }

    /** d BCE / d p for an upstream gradient of 1. */
    private static INDArray bceGradient(INDArray p, INDArray t) {
        INDArray denominator = Transforms.max(p.rsub(1).muli(p), GRADIENT_EPSILON, false);
        return p.sub(t).divi(denominator).muli(1.0 / p.length());
    }

    /** torch.optim.Adam's single-tensor step, every float32 operation in PyTorch's order, in one sweep. */
    private static void adam(List<Parameter> parameters, long step) {
        float w = (float) (1 - BETA1);
        float keep = 1f - w;
        boolean smallWeight = Math.abs(w) < 0.5f;
        float beta2 = (float) BETA2;
        float oneMinusBeta2 = (float) (1 - BETA2);
        float negativeStepSize = (float) -(LR / (1 - Math.pow(BETA1, step)));
        float biasCorrection2Sqrt = (float) Math.sqrt(1 - Math.pow(BETA2, step));
        float eps = (float) Trainer.ADAM_EPS;
        for (Parameter parameter : parameters) {
            FloatBuffer p = floats(parameter.value);
            FloatBuffer g = floats(parameter.gradient);
            FloatBuffer m = floats(parameter.exponentialAverage);
            FloatBuffer v = floats(parameter.exponentialSquareAverage);
            inChunks(Math.toIntExact(parameter.value.length()), (from, to) -> {
                for (int i = from; i < to; i++) {
                    float gi = g.get(i);
                    float mi = m.get(i);
                    mi = smallWeight ? mi + (gi - mi) * w : (mi - gi) * keep + gi;
                    float vi = v.get(i) * beta2 + gi * oneMinusBeta2 * gi;
                    float denominator = (float) Math.sqrt(vi) / biasCorrection2Sqrt + eps;
                    m.put(i, mi);
                    v.put(i, vi);
                    p.put(i, p.get(i) + mi * negativeStepSize / denominator);
                }
            });
        }
    }

    private static List<Stage> build(NetworkSpec spec, Map<String, float[]> initial, List<Parameter> parameters) {
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec layer = spec.layers().get(i);
            int index = i;
            Function<String, float[]> state = name -> initial.get(StateNames.of(spec, index, name));
            if (layer instanceof Conv2d conv && !conv.bias()) {
                stages.add(new Convolution(conv, parameter(state.apply("weight"), layer, "weight", parameters)));
            } else if (layer instanceof ConvTranspose2d deconv && !deconv.bias()) {
                stages.add(new TransposedConvolution(geometry(deconv.kernel(), deconv.stride(), deconv.padding()),
                        parameter(state.apply("weight"), layer, "weight", parameters)));
            } else if (layer instanceof BatchNorm2d bn) {
                Parameter gamma = parameter(state.apply("weight"), layer, "weight", parameters);
                Parameter beta = parameter(state.apply("bias"), layer, "bias", parameters);
                stages.add(new BatchNormalisation(bn, gamma, beta, persistent(state.apply("running_mean"), layer,
                        "running_mean"), persistent(state.apply("running_var"), layer, "running_var")));
            } else if (layer instanceof ReLU) {
                stages.add(new Activation("relu", "relu_bp", 0.0));
            } else if (layer instanceof Tanh) {
                stages.add(new Activation("tanh", "tanh_bp"));
            } else if (layer instanceof Sigmoid) {
                stages.add(new Activation("sigmoid", "sigmoid_bp"));
            } else if (layer instanceof LeakyReLU leaky) {
                stages.add(new LeakyRectifier((float) leaky.slope()));
            } else {
                throw new IllegalArgumentException("the hand-written nd4j loop has no " + layer.typeName()
                        + " (it covers the bias-free DCGAN models)");
            }
        }
        return stages;
    }

    private static Parameter parameter(float[] values, LayerSpec layer, String name, List<Parameter> parameters) {
        Parameter p = new Parameter(persistentArray(values, layer.parameterShapes().get(name).toLongArray()));
        parameters.add(p);
        return p;
    }

    private static INDArray persistent(float[] values, LayerSpec layer, String name) {
        return persistentArray(values, layer.bufferShapes().get(name).toLongArray());
    }

    private static INDArray persistentArray(float[] values, long[] shape) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.create(values, shape, 'c');
        }
    }

    private static INDArray persistentZeros(long[] shape) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.zeros(DataType.FLOAT, shape);
        }
    }

    /** libnd4j's integer arguments: kH, kW, sH, sW, pH, pW, dH, dW, explicit padding, NCHW, weights as PyTorch's. */
    private static int[] geometry(int kernel, int stride, int padding) {
        return new int[] {kernel, kernel, stride, stride, padding, padding, 1, 1, 0, 0, 1};
    }

    private static INDArray[] exec(String op, int[] integerArguments, Double[] floatArguments, INDArray... inputs) {
        DynamicCustomOp.DynamicCustomOpsBuilder builder = DynamicCustomOp.builder(op).addInputs(inputs)
                .addIntegerArguments(integerArguments);
        if (floatArguments.length > 0) {
            builder.addFloatingPointArguments(floatArguments);
        }
        return Nd4j.exec(builder.build());
    }

    /** {@code a} itself when dense row-major float32, else such a copy. */
    private static INDArray dense(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.ordering() == 'c' && !a.isView()
                && a.data().length() == a.length() ? a : a.castTo(DataType.FLOAT).dup('c');
    }

    private static FloatBuffer floats(INDArray a) {
        return dense(a).data().asNioFloat();
    }

    private static INDArray newArray(long... shape) {
        return Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
    }

    @FunctionalInterface
    private interface Range {
        void run(int from, int to);
    }

    /** {@code body} over {@code [0, length)} in chunks of 64 Ki floats, in parallel. */
    private static void inChunks(int length, Range body) {
        int chunk = 1 << 16;
        int chunks = (length + chunk - 1) / chunk;
        if (chunks <= 1) {
            body.run(0, length);
            return;
        }
        IntStream.range(0, chunks).parallel().forEach(k -> body.run(k * chunk, Math.min(length, (k + 1) * chunk)));
    }

    @Override
    public void close() {
        // Every array outside the workspace is freed by ND4J's deallocator once unreachable.
    }

    /** A parameter with its gradient and Adam's two moments, all outside every workspace, updated in place. */
    private static final class Parameter {
        final INDArray value;
        final INDArray gradient;
        final INDArray exponentialAverage;
        final INDArray exponentialSquareAverage;
        /** The gradient holds stale values standing for zeros: the next accumulation overwrites them. */
        private boolean cleared = true;

        Parameter(INDArray value) {
            this.value = value;
            this.gradient = persistentZeros(value.shape());
            this.exponentialAverage = persistentZeros(value.shape());
            this.exponentialSquareAverage = persistentZeros(value.shape());
        }

        void zeroGrad() {
            cleared = true;
        }

        void accumulate(INDArray g) {
            if (cleared) {
                gradient.assign(g);
                cleared = false;
            } else {
                gradient.addi(g);
            }
        }
    }

    /** What one forward pass keeps for its backward pass: each stage's input, BatchNorm's batch statistics. */
    private static final class Activations {
        final INDArray[] inputs;
        final INDArray[][] statistics;

        Activations(int stages) {
            inputs = new INDArray[stages];
            statistics = new INDArray[stages][];
        }
    }

    /** One layer: its forward pass, and its backward pass from the output's gradient. */
    private interface Stage {
        INDArray forward(INDArray x, Activations saved, int index);

        /** Accumulates the parameters' gradients; returns the input's ({@code null} when not wanted). */
        INDArray backward(INDArray g, Activations saved, int index, boolean inputGradient);
    }

    private record Convolution(Conv2d spec, Parameter weight) implements Stage {

        @Override
        public INDArray forward(INDArray x, Activations saved, int index) {
            return exec("conv2d", args(), new Double[0], x, weight.value)[0];
        }

        @Override
        public INDArray backward(INDArray g, Activations saved, int index, boolean inputGradient) {
            INDArray x = saved.inputs[index];
            if (byColumns(x)) {
                weight.accumulate(columnWeightGradient(x, g));
                return inputGradient ? exec("deconv2d", args(), new Double[0], g, weight.value)[0] : null;
            }
            INDArray[] grads = exec("conv2d_bp", args(), new Double[0], x, weight.value, g);
            weight.accumulate(grads[1]);
            return grads[0];
        }

        private int[] args() {
            return geometry(spec.kernel(), spec.stride(), spec.padding());
        }

        /** The backend's test for its column path: few inputs per output, bounded columns, an exact transpose. */
        private boolean byColumns(INDArray x) {
            int k = spec.kernel();
            long spanH = x.size(2) + 2L * spec.padding() - k;
            long spanW = x.size(3) + 2L * spec.padding() - k;
            long positions = x.size(0) * (spanH / spec.stride() + 1) * (spanW / spec.stride() + 1);
            return spec.in() * k * k <= MAX_PATCH && spanH % spec.stride() == 0 && spanW % spec.stride() == 0
                    && (long) spec.in() * k * k * positions <= MAX_COLUMNS;
        }

        /** {@code dW = g · columnsᵀ}: the input patches as columns, the output gradient as {@code [out, N·OH·OW]}. */
        private INDArray columnWeightGradient(INDArray x, INDArray g) {
            int kernel = spec.kernel();
            int stride = spec.stride();
            int padding = spec.padding();
            int n = Math.toIntExact(x.size(0));
            int in = Math.toIntExact(x.size(1));
            int h = Math.toIntExact(x.size(2));
            int w = Math.toIntExact(x.size(3));
            int out = Math.toIntExact(g.size(1));
            int oh = Math.toIntExact(g.size(2));
            int ow = Math.toIntExact(g.size(3));
            int positions = n * oh * ow;
            int rows = in * kernel * kernel;
            FloatBuffer source = floats(x);
            INDArray columns = newArray(rows, positions);
            FloatBuffer cols = floats(columns);
            IntStream.range(0, rows).parallel().forEach(row -> {
                int c = row / (kernel * kernel);
                int kh = row / kernel % kernel;
                int kw = row % kernel;
                int target = row * positions;
                for (int b = 0; b < n; b++) {
                    int plane = (b * in + c) * h * w;
                    for (int y = 0; y < oh; y++) {
                        int iy = y * stride - padding + kh;
                        boolean rowInside = iy >= 0 && iy < h;
                        for (int z = 0; z < ow; z++) {
                            int ix = z * stride - padding + kw;
                            cols.put(target++, rowInside && ix >= 0 && ix < w ? source.get(plane + iy * w + ix) : 0f);
                        }
                    }
                }
            });
            FloatBuffer gradient = floats(g);
            INDArray byChannel = newArray(out, positions);
            FloatBuffer gt = floats(byChannel);
            int map = oh * ow;
            IntStream.range(0, out).parallel().forEach(o -> {
                for (int b = 0; b < n; b++) {
                    int from = (b * out + o) * map;
                    int to = o * positions + b * map;
                    for (int i = 0; i < map; i++) {
                        gt.put(to + i, gradient.get(from + i));
                    }
                }
            });
            return byChannel.mmul(columns.transpose()).reshape('c', out, in, kernel, kernel);
        }
    }

    private record TransposedConvolution(int[] args, Parameter weight) implements Stage {

        @Override
        public INDArray forward(INDArray x, Activations saved, int index) {
            return exec("deconv2d", args, new Double[0], x, weight.value)[0];
        }

        @Override
        public INDArray backward(INDArray g, Activations saved, int index, boolean inputGradient) {
            INDArray[] grads = exec("deconv2d_bp", args, new Double[0], saved.inputs[index], weight.value, g);
            weight.accumulate(grads[1]);
            return grads[0];
        }
    }

    private record Activation(String forwardOp, String backwardOp, Double[] floatArguments) implements Stage {

        Activation(String forwardOp, String backwardOp, double... floatArguments) {
            this(forwardOp, backwardOp, Arrays.stream(floatArguments).boxed().toArray(Double[]::new));
        }

        @Override
        public INDArray forward(INDArray x, Activations saved, int index) {
            return exec(forwardOp, new int[0], floatArguments, x)[0];
        }

        @Override
        public INDArray backward(INDArray g, Activations saved, int index, boolean inputGradient) {
            return exec(backwardOp, new int[0], floatArguments, saved.inputs[index], g)[0];
        }
    }

    /** LeakyReLU as the backend computes it: one Java sweep each way (gradient {@code slope} at exactly 0). */
    private record LeakyRectifier(float slope) implements Stage {

        @Override
        public INDArray forward(INDArray x, Activations saved, int index) {
            FloatBuffer xs = floats(x);
            INDArray out = newArray(x.shape());
            FloatBuffer os = floats(out);
            inChunks(Math.toIntExact(x.length()), (from, to) -> {
                for (int i = from; i < to; i++) {
                    float v = xs.get(i);
                    os.put(i, v > 0 ? v : v * slope);
                }
            });
            return out;
        }

        @Override
        public INDArray backward(INDArray g, Activations saved, int index, boolean inputGradient) {
            FloatBuffer xs = floats(saved.inputs[index]);
            FloatBuffer gs = floats(g);
            INDArray out = newArray(g.shape());
            FloatBuffer os = floats(out);
            inChunks(Math.toIntExact(g.length()), (from, to) -> {
                for (int i = from; i < to; i++) {
                    float v = gs.get(i);
                    os.put(i, xs.get(i) > 0 ? v : v * slope);
                }
            });
            return out;
        }
    }

    /**
     * Training-mode BatchNorm2d as the backend computes it: per-channel sweeps with double sums, the running
     * statistics updated with PyTorch's momentum and the unbiased variance, and the closed-form backward
     * {@code dx = gamma / sigma * (g - mean(g) - xhat * mean(g * xhat))}.
     */
    private record BatchNormalisation(BatchNorm2d spec, Parameter gamma, Parameter beta, INDArray runningMean,
                                      INDArray runningVar) implements Stage {

        @Override
        public INDArray forward(INDArray x, Activations saved, int index) {
            long[] shape = x.shape();
            int n = Math.toIntExact(shape[0]);
            int channels = Math.toIntExact(shape[1]);
            int plane = Math.toIntExact(x.length() / ((long) n * channels));
            double eps = spec.eps();
            FloatBuffer xs = floats(x);
            float[] gammas = gamma.value.data().asFloat();
            float[] betas = beta.value.data().asFloat();
            INDArray out = newArray(shape);
            FloatBuffer y = floats(out);
            float[] means = new float[channels];
            float[] variances = new float[channels];
            double count = (double) n * plane;
            IntStream.range(0, channels).parallel().forEach(c -> {
                double sum = 0;
                for (int b = 0; b < n; b++) {
                    int base = (b * channels + c) * plane;
                    for (int i = base; i < base + plane; i++) {
                        sum += xs.get(i);
                    }
                }
                float m = (float) (sum / count);
                double squares = 0;
                for (int b = 0; b < n; b++) {
                    int base = (b * channels + c) * plane;
                    for (int i = base; i < base + plane; i++) {
                        double d = xs.get(i) - m;
                        squares += d * d;
                    }
                }
                float v = (float) (squares / count);
                means[c] = m;
                variances[c] = v;
                float scale = gammas[c] * (float) (1.0 / Math.sqrt(v + eps));
                float shift = betas[c];
                for (int b = 0; b < n; b++) {
                    int base = (b * channels + c) * plane;
                    for (int i = base; i < base + plane; i++) {
                        y.put(i, (xs.get(i) - m) * scale + shift);
                    }
                }
            });
            INDArray mean = Nd4j.create(means, gamma.value.shape(), 'c');
            INDArray variance = Nd4j.create(variances, gamma.value.shape(), 'c');
            saved.statistics[index] = new INDArray[] {mean, variance};
            double momentum = spec.momentum();
            long perChannel = x.length() / x.size(1);
            runningMean.muli(1 - momentum).addi(mean.mul(momentum));
            double unbiased = perChannel > 1 ? (double) perChannel / (perChannel - 1) : 1.0;
            runningVar.muli(1 - momentum).addi(variance.mul(unbiased * momentum));
            return out;
        }

        @Override
        public INDArray backward(INDArray g, Activations saved, int index, boolean inputGradient) {
            INDArray x = saved.inputs[index];
            long[] shape = x.shape();
            int n = Math.toIntExact(shape[0]);
            int channels = Math.toIntExact(shape[1]);
            int plane = Math.toIntExact(x.length() / ((long) n * channels));
            double eps = spec.eps();
            FloatBuffer xs = floats(x);
            FloatBuffer gs = floats(g);
            float[] means = saved.statistics[index][0].data().asFloat();
            float[] variances = saved.statistics[index][1].data().asFloat();
            float[] gammas = gamma.value.data().asFloat();
            INDArray gradInput = newArray(shape);
            FloatBuffer dx = floats(gradInput);
            float[] dGamma = new float[channels];
            float[] dBeta = new float[channels];
            double count = (double) n * plane;
            IntStream.range(0, channels).parallel().forEach(c -> {
                float m = means[c];
                float inverseSigma = (float) (1.0 / Math.sqrt(variances[c] + eps));
                double sumG = 0;
                double sumGCentred = 0;
                for (int b = 0; b < n; b++) {
                    int base = (b * channels + c) * plane;
                    for (int i = base; i < base + plane; i++) {
                        float gv = gs.get(i);
                        sumG += gv;
                        sumGCentred += gv * (double) (xs.get(i) - m);
                    }
                }
                dBeta[c] = (float) sumG;
                dGamma[c] = (float) (sumGCentred * inverseSigma);
                float meanG = (float) (sumG / count);
                float correction = (float) (sumGCentred * inverseSigma * inverseSigma / count);
                float scale = gammas[c] * inverseSigma;
                for (int b = 0; b < n; b++) {
                    int base = (b * channels + c) * plane;
                    for (int i = base; i < base + plane; i++) {
                        dx.put(i, (gs.get(i) - meanG - (xs.get(i) - m) * correction) * scale);
                    }
                }
            });
            gamma.accumulate(Nd4j.create(dGamma, gamma.value.shape(), 'c'));
            beta.accumulate(Nd4j.create(dBeta, beta.value.shape(), 'c'));
            return gradInput;
        }
    }
}
