package dev.cgan.bench;

import static dev.cgan.bench.HandWrittenNd4jLayers.floats;
import static dev.cgan.bench.HandWrittenNd4jLayers.geometry;
import static dev.cgan.bench.HandWrittenNd4jLayers.inChunks;
import static dev.cgan.bench.HandWrittenNd4jLayers.newArray;

import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.layer.LeakyReLU;
import dev.cgan.api.layer.ReLU;
import dev.cgan.api.layer.Sigmoid;
import dev.cgan.api.layer.Tanh;
import dev.cgan.bench.HandWrittenNd4jLayers.Activation;
import dev.cgan.bench.HandWrittenNd4jLayers.Activations;
import dev.cgan.bench.HandWrittenNd4jLayers.BatchNormalisation;
import dev.cgan.bench.HandWrittenNd4jLayers.Convolution;
import dev.cgan.bench.HandWrittenNd4jLayers.LeakyRectifier;
import dev.cgan.bench.HandWrittenNd4jLayers.Parameter;
import dev.cgan.bench.HandWrittenNd4jLayers.Stage;
import dev.cgan.bench.HandWrittenNd4jLayers.TransposedConvolution;
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
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
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
 * one ND4J workspace, configured as the backend's scopes are; weights, gradients and Adam's moments outside it. The
 * layers themselves are {@link HandWrittenNd4jLayers}.
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

    @Override
    public void close() {
        // Every array outside the workspace is freed by ND4J's deallocator once unreachable.
    }
}
