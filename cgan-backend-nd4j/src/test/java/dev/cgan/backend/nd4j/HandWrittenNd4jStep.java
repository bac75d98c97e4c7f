package dev.cgan.backend.nd4j;

import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.layer.LeakyReLU;
import dev.cgan.api.layer.ReLU;
import dev.cgan.api.layer.Sigmoid;
import dev.cgan.api.layer.Tanh;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.spi.ConvolutionShape;
import dev.cgan.api.tensor.Shape;
import dev.cgan.core.init.DcganInit;
import dev.cgan.core.init.SeededRandom;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.model.NetworkSpec;
import dev.cgan.core.model.StateNames;
import dev.cgan.core.train.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The CGAN iteration of {@link dev.cgan.core.train.CganStep} written directly on ND4J arrays, for measuring the
 * framework's own cost ({@link Nd4jOverhead}): no tensor wrappers, no tape, no scopes, no shape checks, no service
 * lookup. The backward pass is written out by hand, layer by layer in reverse, in the order the backend's tape walks
 * it (D's fake branch, then its real branch; then D and G for G's loss).
 *
 * <p>It calls the backend's own kernels ({@link CustomOps}, {@link BatchNormSweeps}, {@link ColumnWeightGradient},
 * the LeakyReLU, BCE, label-map and Adam sweeps), so the difference is the framework's layering and not a kernel
 * choice. It also does the same work: D's parameter gradients during G's backward (as PyTorch's autograd does), and
 * BatchNorm's running statistics. All temporaries of one iteration live in one ND4J workspace, configured as the
 * backend's scopes are; weights, gradients and Adam's moments outside it. It covers the bias-free DCGAN models.
 */
final class HandWrittenNd4jStep {

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
    private static final OptimizerSpec.Adam ADAM = new OptimizerSpec.Adam(2e-4, 0.5, 0.999, Trainer.ADAM_EPS);

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

    /** The loop on {@code model}, DCGAN-initialised from {@code seed} as the trainer does, on one fixed batch. */
    HandWrittenNd4jStep(ModelSpec model, long seed, float[] real, float[] labels, float[] noise, int batchSize) {
        this.model = model;
        SeededRandom init = new SeededRandom(seed).fork();
        this.generator = build(model.generator(), DcganInit.initialValues(model.generator(), init),
                generatorParameters);
        this.discriminator = build(model.discriminator(), DcganInit.initialValues(model.discriminator(), init),
                discriminatorParameters);
        int size = model.imageSize();
        this.real = persistentArray(real, new long[] {batchSize, model.channels(), size, size});
        this.labels = persistentArray(labels, new long[] {batchSize, model.numClasses()});
        this.noise = persistentArray(noise, new long[] {batchSize, model.zDim()});
    }

    /** One iteration; returns D's plus G's loss, read back to the host. */
    double iterate() {
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
            INDArray lossReal = Nd4jBinaryCrossEntropy.onProbabilities(pReal, ones);
            Activations generated = new Activations(generator.size());
            INDArray fake = forward(generator, generatorInput(n), generated);
            Activations onFake = new Activations(discriminator.size());
            INDArray pFake = discriminate(fake, onFake);
            INDArray lossFake = Nd4jBinaryCrossEntropy.onProbabilities(pFake, zeros);
            INDArray lossD = lossReal.add(lossFake);
            backward(discriminator, onFake, scoreGradient(pFake, zeros), false);
            backward(discriminator, onReal, scoreGradient(pReal, ones), false);
            adam(discriminatorParameters, ++discriminatorSteps);

            // G step: the same fake batch through the updated D (target 1), back through D into G, Adam on G.
            generatorParameters.forEach(Parameter::zeroGrad);
            Activations onFakeForG = new Activations(discriminator.size());
            INDArray pOnFake = discriminate(fake, onFakeForG);
            INDArray lossG = Nd4jBinaryCrossEntropy.onProbabilities(pOnFake, ones);
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
        INDArray x = Nd4j.concat(1, images, Nd4jTensorOps.labelMaps(labels, Math.toIntExact(images.size(2)),
                Math.toIntExact(images.size(3))));
        return forward(discriminator, x, saved).reshape('c', n, 1);
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

    /** The gradient of BCE (upstream gradient 1) with respect to D's last layer's output {@code [N, 1, 1, 1]}. */
    private static INDArray scoreGradient(INDArray p, INDArray t) {
        return Nd4jBinaryCrossEntropy.probabilityGradient(p, t).muli(1.0 / p.length())
                .reshape('c', p.size(0), 1, 1, 1);
    }

    private static void adam(List<Parameter> parameters, long step) {
        for (Parameter p : parameters) {
            Nd4jAdam.sweep(ADAM, step, p.value, p.gradient, p.exponentialAverage, p.exponentialSquareAverage);
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
                stages.add(new TransposedConvolution(CustomOps.convolutionArguments(deconv.kernel(), deconv.stride(),
                        deconv.padding()), parameter(state.apply("weight"), layer, "weight", parameters)));
            } else if (layer instanceof BatchNorm2d bn) {
                Parameter gamma = parameter(state.apply("weight"), layer, "weight", parameters);
                Parameter beta = parameter(state.apply("bias"), layer, "bias", parameters);
                stages.add(new BatchNormalisation(bn, gamma, beta,
                        persistentArray(state.apply("running_mean"), layer.bufferShapes().get("running_mean")),
                        persistentArray(state.apply("running_var"), layer.bufferShapes().get("running_var"))));
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
        Parameter p = new Parameter(persistentArray(values, layer.parameterShapes().get(name)));
        parameters.add(p);
        return p;
    }

    private static INDArray persistentArray(float[] values, Shape shape) {
        return persistentArray(values, shape.toLongArray());
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

    private record Convolution(Conv2d spec, Parameter weight, int[] arguments) implements Stage {

        Convolution(Conv2d spec, Parameter weight) {
            this(spec, weight, CustomOps.convolutionArguments(spec.kernel(), spec.stride(), spec.padding()));
        }

        @Override
        public INDArray forward(INDArray x, Activations saved, int index) {
            return CustomOps.single("conv2d", arguments, new INDArray[] {x, weight.value});
        }

        @Override
        public INDArray backward(INDArray g, Activations saved, int index, boolean inputGradient) {
            INDArray x = saved.inputs[index];
            if (Nd4jConv2d.byColumns(ConvolutionShape.of(spec, Shape.of(Arrays.stream(x.shape())
                    .mapToInt(Math::toIntExact).toArray())))) {
                weight.accumulate(ColumnWeightGradient.of(x, g, spec.kernel(), spec.stride(), spec.padding()));
                return inputGradient ? CustomOps.single("deconv2d", arguments, new INDArray[] {g, weight.value})
                        : null;
            }
            INDArray[] grads = CustomOps.all("conv2d_bp", arguments, new INDArray[] {x, weight.value, g});
            weight.accumulate(grads[1]);
            return grads[0];
        }
    }

    private record TransposedConvolution(int[] arguments, Parameter weight) implements Stage {

        @Override
        public INDArray forward(INDArray x, Activations saved, int index) {
            return CustomOps.single("deconv2d", arguments, new INDArray[] {x, weight.value});
        }

        @Override
        public INDArray backward(INDArray g, Activations saved, int index, boolean inputGradient) {
            INDArray[] grads = CustomOps.all("deconv2d_bp", arguments,
                    new INDArray[] {saved.inputs[index], weight.value, g});
            weight.accumulate(grads[1]);
            return grads[0];
        }
    }

    private record Activation(String forwardOp, String backwardOp, double... floatArguments) implements Stage {

        @Override
        public INDArray forward(INDArray x, Activations saved, int index) {
            return CustomOps.single(forwardOp, new int[0], new INDArray[] {x}, floatArguments);
        }

        @Override
        public INDArray backward(INDArray g, Activations saved, int index, boolean inputGradient) {
            return CustomOps.single(backwardOp, new int[0], new INDArray[] {saved.inputs[index], g}, floatArguments);
        }
    }

    private record LeakyRectifier(float slope) implements Stage {

        @Override
        public INDArray forward(INDArray x, Activations saved, int index) {
            return Nd4jActivation.leakyForward(x, slope);
        }

        @Override
        public INDArray backward(INDArray g, Activations saved, int index, boolean inputGradient) {
            return Nd4jActivation.leakyBackward(saved.inputs[index], g, slope);
        }
    }

    /** Training-mode BatchNorm2d: the backend's sweeps, and the running statistics updated as the backend does. */
    private record BatchNormalisation(BatchNorm2d spec, Parameter gamma, Parameter beta, INDArray runningMean,
                                      INDArray runningVar) implements Stage {

        @Override
        public INDArray forward(INDArray x, Activations saved, int index) {
            INDArray[] out = BatchNormSweeps.forward(x, gamma.value, beta.value, spec.eps());
            saved.statistics[index] = new INDArray[] {out[1], out[2]};
            Nd4jBatchNorm2d.updateRunningStatistics(runningMean, runningVar, out[1], out[2],
                    x.length() / x.size(1), spec.momentum());
            return out[0];
        }

        @Override
        public INDArray backward(INDArray g, Activations saved, int index, boolean inputGradient) {
            INDArray[] statistics = saved.statistics[index];
            INDArray[] grads = BatchNormSweeps.backward(saved.inputs[index], g, statistics[0], statistics[1],
                    gamma.value, spec.eps());
            gamma.accumulate(grads[1]);
            beta.accumulate(grads[2]);
            return grads[0];
        }
    }
}
