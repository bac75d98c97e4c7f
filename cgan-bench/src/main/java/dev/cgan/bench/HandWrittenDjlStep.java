package dev.cgan.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.layer.LeakyReLU;
import dev.cgan.api.layer.ReLU;
import dev.cgan.api.layer.Sigmoid;
import dev.cgan.api.layer.Tanh;
import dev.cgan.backend.djl.kernel.BinaryCrossEntropy;
import dev.cgan.backend.djl.kernel.Convolution;
import dev.cgan.backend.djl.kernel.TorchFunctions;
import dev.cgan.backend.djl.kernel.TransposedConvolution;
import dev.cgan.core.init.DcganInit;
import dev.cgan.core.init.SeededRandom;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.model.NetworkSpec;
import dev.cgan.core.model.StateNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The same CGAN iteration as {@link dev.cgan.core.train.CganStep} on the DJL backend, written directly against DJL's
 * {@link NDArray} and libtorch's autograd, with no cgan API in between: no tensor wrappers, no per-operation scopes,
 * no shape checks, no service lookup. It calls the very kernels the backend calls (its convolution choice, its
 * transposed-convolution paths, libtorch's batch norm and activations, its BCE, the same Adam arithmetic), so the
 * difference between the two is the framework's own overhead. Weights and batch are the ones {@link TrainingSetup}
 * uses for the same seed.
 */
final class HandWrittenDjlStep implements HandWrittenStep {

    private static final float BETA1 = 0.5f;
    private static final double BETA2 = 0.999;
    private static final double LR = 2e-4;
    private static final double EPS = 1e-8;

    private final Engine engine;
    private final Convolution convolution;
    private final ModelSpec model;
    private final NDManager manager;
    private final List<UnaryOperator<NDArray>> generator;
    private final List<UnaryOperator<NDArray>> discriminator;
    private final List<NDArray> generatorParameters = new ArrayList<>();
    private final List<NDArray> discriminatorParameters = new ArrayList<>();
    private final List<NDArray[]> adamState = new ArrayList<>();
    private final NDArray real;
    private final NDArray labels;
    private final NDArray noise;
    private long generatorSteps;
    private long discriminatorSteps;

    HandWrittenDjlStep(Convolution convolution, ModelSpec model, long seed, float[] real, float[] labels,
                       float[] noise, int batchSize) {
        this.engine = Engine.getEngine("PyTorch");
        this.convolution = convolution;
        this.model = model;
        this.manager = engine.newBaseManager();
        SeededRandom init = new SeededRandom(seed).fork();
        this.generator = build(model.generator(), DcganInit.initialValues(model.generator(), init),
                generatorParameters);
        this.discriminator = build(model.discriminator(), DcganInit.initialValues(model.discriminator(), init),
                discriminatorParameters);
        int size = model.imageSize();
        this.real = manager.create(real, new ai.djl.ndarray.types.Shape(batchSize, model.channels(), size, size));
        this.labels = manager.create(labels, new ai.djl.ndarray.types.Shape(batchSize, model.numClasses()));
        this.noise = manager.create(noise, new ai.djl.ndarray.types.Shape(batchSize, model.zDim()));
    }

    @Override
    public double iterate() {
        long n = real.getShape().get(0);
        try (NDScope scope = new NDScope(); GradientCollector tape = engine.newGradientCollector()) {
            NDArray ones = manager.ones(new ai.djl.ndarray.types.Shape(n, 1));
            NDArray zeros = manager.zeros(new ai.djl.ndarray.types.Shape(n, 1));

            discriminatorParameters.forEach(TorchFunctions::zeroGrad);
            NDArray lossReal = BinaryCrossEntropy.onProbabilities(discriminate(real), ones);
            NDArray fake = generate();
            NDArray lossFake = BinaryCrossEntropy.onProbabilities(discriminate(fake.stopGradient()), zeros);
            NDArray lossD = lossReal.add(lossFake);
            tape.backward(lossD);
            adam(discriminatorParameters, generatorParameters.size(), ++discriminatorSteps);

            generatorParameters.forEach(TorchFunctions::zeroGrad);
            // D frozen for G's step, as cgan's CganStep does: the same work on both sides of the comparison.
            discriminatorParameters.forEach(p -> TorchFunctions.requireGradient(p, false));
            NDArray lossG = BinaryCrossEntropy.onProbabilities(discriminate(fake), ones);
            tape.backward(lossG);
            discriminatorParameters.forEach(p -> TorchFunctions.requireGradient(p, true));
            adam(generatorParameters, 0, ++generatorSteps);
            return (double) lossD.getFloat() + lossG.getFloat();
        }
    }

    private NDArray generate() {
        long n = noise.getShape().get(0);
        NDArray x = noise.reshape(n, model.zDim(), 1, 1).concat(labels.reshape(n, model.numClasses(), 1, 1), 1);
        for (UnaryOperator<NDArray> layer : generator) {
            x = layer.apply(x);
        }
        return x;
    }

    private NDArray discriminate(NDArray images) {
        long n = images.getShape().get(0);
        long size = images.getShape().get(2);
        NDArray maps = labels.reshape(n, model.numClasses(), 1, 1).broadcast(n, model.numClasses(), size, size);
        NDArray x = images.concat(maps, 1);
        for (UnaryOperator<NDArray> layer : discriminator) {
            x = layer.apply(x);
        }
        return x.reshape(n, 1);
    }

    /** Adam step {@code step} on {@code parameters} (their state from {@code offset} on), with recording off. */
    private void adam(List<NDArray> parameters, int offset, long step) {
        boolean recording = TorchFunctions.isGradEnabled();
        TorchFunctions.setGradEnabled(false);
        try {
            double stepSize = LR / (1 - Math.pow(BETA1, step));
            double correction2Sqrt = Math.pow(1 - Math.pow(BETA2, step), 0.5);
            for (int i = 0; i < parameters.size(); i++) {
                NDArray p = parameters.get(i);
                NDArray g = TorchFunctions.gradient(p);
                NDArray m = adamState.get(offset + i)[0];
                NDArray v = adamState.get(offset + i)[1];
                m.subi(g).muli(BETA1).addi(g);
                v.muli((float) BETA2).addi(g.mul((float) (1 - BETA2)).mul(g));
                NDArray denominator = v.sqrt().div((float) correction2Sqrt).add((float) EPS);
                p.addi(m.mul((float) -stepSize).div(denominator));
            }
        } finally {
            TorchFunctions.setGradEnabled(recording);
        }
    }

    private List<UnaryOperator<NDArray>> build(NetworkSpec spec, Map<String, float[]> initial, List<NDArray> params) {
        List<UnaryOperator<NDArray>> layers = new ArrayList<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec layer = spec.layers().get(i);
            int index = i;
            UnaryOperator<NDArray> f;
            if (layer instanceof Conv2d conv) {
                NDArray w = parameter(initial.get(StateNames.of(spec, index, "weight")), layer, "weight", params);
                f = x -> convolution.apply(x, w, null, conv.stride(), conv.padding());
            } else if (layer instanceof ConvTranspose2d deconv) {
                NDArray w = parameter(initial.get(StateNames.of(spec, index, "weight")), layer, "weight", params);
                f = x -> TransposedConvolution.apply(convolution, x, w, null, deconv.stride(), deconv.padding());
            } else if (layer instanceof BatchNorm2d bn) {
                NDArray gamma = parameter(initial.get(StateNames.of(spec, index, "weight")), layer, "weight", params);
                NDArray beta = parameter(initial.get(StateNames.of(spec, index, "bias")), layer, "bias", params);
                NDArray mean = buffer(initial.get(StateNames.of(spec, index, "running_mean")), layer, "running_mean");
                NDArray var = buffer(initial.get(StateNames.of(spec, index, "running_var")), layer, "running_var");
                f = x -> TorchFunctions.batchNorm(x, mean, var, gamma, beta, true, bn.momentum(), bn.eps());
            } else if (layer instanceof ReLU) {
                f = TorchFunctions::relu;
            } else if (layer instanceof LeakyReLU leaky) {
                f = x -> TorchFunctions.leakyRelu(x, leaky.slope());
            } else if (layer instanceof Tanh) {
                f = NDArray::tanh;
            } else if (layer instanceof Sigmoid) {
                f = TorchFunctions::sigmoid;
            } else {
                throw new IllegalArgumentException("the hand-written loop has no " + layer.typeName());
            }
            layers.add(f);
        }
        return layers;
    }

    private NDArray parameter(float[] values, LayerSpec layer, String name, List<NDArray> params) {
        NDArray p = manager.create(values, shape(layer.parameterShapes().get(name)));
        p.setRequiresGradient(true);
        params.add(p);
        NDArray[] state = new NDArray[2];
        for (int s = 0; s < 2; s++) {
            state[s] = manager.zeros(p.getShape());
        }
        adamState.add(state);
        return p;
    }

    private NDArray buffer(float[] values, LayerSpec layer, String name) {
        return manager.create(values, shape(layer.bufferShapes().get(name)));
    }

    private static ai.djl.ndarray.types.Shape shape(dev.cgan.api.tensor.Shape shape) {
        return new ai.djl.ndarray.types.Shape(Arrays.stream(shape.dims()).asLongStream().toArray());
    }

    @Override
    public void close() {
        manager.close();
    }
}
