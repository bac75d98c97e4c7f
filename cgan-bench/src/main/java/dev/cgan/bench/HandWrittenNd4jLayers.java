package dev.cgan.bench;

import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.Conv2d;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layers of {@link HandWrittenNd4jStep}, each a forward pass and a backward pass written directly on ND4J arrays,
 * with the kernels the {@code nd4j} backend uses for them: libnd4j's declarable operations where the backend calls
 * them, and the same Java sweeps (same float and double arithmetic, same split across threads) where the backend
 * sweeps arrays itself.
 */
final class HandWrittenNd4jLayers {

    private HandWrittenNd4jLayers() {
    }

    /** The backend's limits for taking a convolution's weight gradient over input columns. */
    static final int MAX_PATCH = 256;
    static final long MAX_COLUMNS = 1L << 26;

    static INDArray persistentZeros(long[] shape) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.zeros(DataType.FLOAT, shape);
        }
    }

    /** libnd4j's integer arguments: kH, kW, sH, sW, pH, pW, dH, dW, explicit padding, NCHW, weights as PyTorch's. */
    static int[] geometry(int kernel, int stride, int padding) {
        return new int[] {kernel, kernel, stride, stride, padding, padding, 1, 1, 0, 0, 1};
    }

    static INDArray[] exec(String op, int[] integerArguments, Double[] floatArguments, INDArray... inputs) {
        DynamicCustomOp.DynamicCustomOpsBuilder builder = DynamicCustomOp.builder(op).addInputs(inputs)
                .addIntegerArguments(integerArguments);
        if (floatArguments.length > 0) {
            builder.addFloatingPointArguments(floatArguments);
        }
        return Nd4j.exec(builder.build());
    }

    /** {@code a} itself when dense row-major float32, else such a copy. */
    static INDArray dense(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.ordering() == 'c' && !a.isView()
                && a.data().length() == a.length() ? a : a.castTo(DataType.FLOAT).dup('c');
    }

    static FloatBuffer floats(INDArray a) {
        return dense(a).data().asNioFloat();
    }

    static INDArray newArray(long... shape) {
        return Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
    }

    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    /** {@code body} over {@code [0, length)} in chunks of 64 Ki floats, in parallel. */
    static void inChunks(int length, Range body) {
        int chunk = 1 << 16;
        int chunks = (length + chunk - 1) / chunk;
        if (chunks <= 1) {
            body.run(0, length);
            return;
        }
        IntStream.range(0, chunks).parallel().forEach(k -> body.run(k * chunk, Math.min(length, (k + 1) * chunk)));
    }

    /** A parameter with its gradient and Adam's two moments, all outside every workspace, updated in place. */
    static final class Parameter {
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
    static final class Activations {
        final INDArray[] inputs;
        final INDArray[][] statistics;

        Activations(int stages) {
            inputs = new INDArray[stages];
            statistics = new INDArray[stages][];
        }
    }

    /** One layer: its forward pass, and its backward pass from the output's gradient. */
    interface Stage {
        INDArray forward(INDArray x, Activations saved, int index);

        /** Accumulates the parameters' gradients; returns the input's ({@code null} when not wanted). */
        INDArray backward(INDArray g, Activations saved, int index, boolean inputGradient);
    }

    record Convolution(Conv2d spec, Parameter weight) implements Stage {

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

        /** {@code dW = g · columnsᵀ}: input patches as columns, the output gradient as {@code [out, N·OH·OW]}. */
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

    record TransposedConvolution(int[] args, Parameter weight) implements Stage {

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

    record Activation(String forwardOp, String backwardOp, Double[] floatArguments) implements Stage {

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
    record LeakyRectifier(float slope) implements Stage {

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
    record BatchNormalisation(BatchNorm2d spec, Parameter gamma, Parameter beta, INDArray runningMean,
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
