package dev.cgan.core.checkpoint;

import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.core.model.Network;
import dev.cgan.core.model.StateNames;
import dev.cgan.core.safetensors.DType;
import dev.cgan.core.safetensors.StoredTensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tensors of a checkpoint, by name, and their transfer between the host and live networks and optimizers.
 *
 * <p>Names follow PyTorch so that {@code model.load_state_dict(...)} accepts the weights:
 * <ul>
 *   <li>{@code generator.0.weight}, {@code generator.1.running_mean}, … — every parameter and buffer (F32) under the
 *       seed's {@code state_dict} names, layer by layer;</li>
 *   <li>{@code generator.1.num_batches_tracked} — I64 scalar after each BatchNorm layer's buffers, as PyTorch's
 *       {@code state_dict} has it: the training-mode forward passes of that network;</li>
 *   <li>{@code optimizer.generator.0.weight.exp_avg}, {@code ….exp_avg_sq} (Adam) or {@code ….momentum_buffer} (SGD) —
 *       the optimizer state of each parameter, shaped like it;</li>
 *   <li>{@code optimizer.generator.step} — I64 scalar, the optimizer's step count;</li>
 *   <li>{@code ema.generator.0.weight}, …, {@code ema.generator.1.num_batches_tracked} — only in runs with a moving
 *       average of the generator ({@code dev.cgan.core.train.GeneratorAverage}): its complete state_dict, written
 *       and read by the trainer next to the tensors above.</li>
 * </ul>
 * A PyTorch user loads the trained networks with {@code {k: v for k, v in load_file(path).items() if not
 * k.startswith(("optimizer.", "ema."))}}, and the averaged generator with {@code {k[4:]: v for k, v in
 * load_file(path).items() if k.startswith("ema.")}}.
 */
public final class StateDict {

    /** The prefix of every optimizer entry. */
    public static final String OPTIMIZER_PREFIX = "optimizer.";

    /** The prefix of the moving average of the generator, whose entries are otherwise named like the generator's. */
    public static final String EMA_PREFIX = "ema.";

    /** PyTorch's name of the BatchNorm pass counter. */
    public static final String NUM_BATCHES_TRACKED = "num_batches_tracked";

    private StateDict() {
    }

    /** The type and shape of one checkpoint tensor. */
    public record Layout(DType dtype, Shape shape) {
    }

    /**
     * Copies the state of {@code networks} (weights and buffers of all networks first, then their optimizers) to the
     * host.
     */
    public static Map<String, StoredTensor> capture(List<TrainedNetwork> networks) {
        Map<String, StoredTensor> out = new LinkedHashMap<>();
        for (TrainedNetwork tn : networks) {
            forEachModelTensor(tn, (name, tensor) -> out.put(name, StoredTensor.ofFloats(tensor.shape(),
                    tensor.toFloatArray())), name -> out.put(name, scalar(tn.trainingForwardPasses())));
        }
        for (TrainedNetwork tn : networks) {
            forEachOptimizerTensor(tn, (name, tensor) -> out.put(name, StoredTensor.ofFloats(tensor.shape(),
                    tensor.toFloatArray())));
            out.put(stepName(tn), scalar(tn.optimizer().steps()));
        }
        return out;
    }

    /** The names, types and shapes a checkpoint of {@code networks} holds, in order. */
    public static Map<String, Layout> layout(List<TrainedNetwork> networks) {
        Map<String, Layout> out = new LinkedHashMap<>();
        Layout counter = new Layout(DType.I64, Shape.scalar());
        for (TrainedNetwork tn : networks) {
            forEachModelTensor(tn, (name, tensor) -> out.put(name, new Layout(DType.F32, tensor.shape())),
                    name -> out.put(name, counter));
        }
        for (TrainedNetwork tn : networks) {
            forEachOptimizerTensor(tn, (name, tensor) -> out.put(name, new Layout(DType.F32, tensor.shape())));
            out.put(stepName(tn), counter);
        }
        return out;
    }

    /**
     * Loads {@code tensors} into the live networks and optimizers. Everything is checked before anything is copied,
     * so a mismatching file leaves the networks untouched. The BatchNorm counters are not loaded: the trainer derives
     * them from the iteration.
     *
     * @param source names the file in messages
     * @throws CheckpointException if a tensor is missing, unexpected, or of another type or shape
     */
    public static void restore(Map<String, StoredTensor> tensors, List<TrainedNetwork> networks, String source) {
        Map<String, Layout> expected = layout(networks);
        List<String> missing = new ArrayList<>();
        for (var e : expected.entrySet()) {
            StoredTensor t = tensors.get(e.getKey());
            if (t == null) {
                missing.add(e.getKey());
            } else if (t.dtype() != e.getValue().dtype() || !t.shape().equals(e.getValue().shape())) {
                throw new CheckpointException(source + ": " + e.getKey() + " is " + t + " but this model needs "
                        + e.getValue().dtype() + e.getValue().shape() + "; the checkpoint is of another model");
            }
        }
        if (!missing.isEmpty()) {
            throw new CheckpointException(source + " lacks " + missing.size() + " of the model's "
                    + expected.size() + " tensors (first: " + missing.get(0) + "); the checkpoint is of another model");
        }
        for (String name : tensors.keySet()) {
            if (!expected.containsKey(name)) {
                throw new CheckpointException(source + " holds " + name + ", which this model does not have; "
                        + "the checkpoint is of another model");
            }
        }
        for (TrainedNetwork tn : networks) {
            forEachModelTensor(tn, (name, tensor) -> tensor.copyFrom(tensors.get(name).floats()), name -> { });
            forEachOptimizerTensor(tn, (name, tensor) -> tensor.copyFrom(tensors.get(name).floats()));
            tn.optimizer().setSteps(tensors.get(stepName(tn)).longs()[0]);
        }
    }

    private interface TensorVisitor {
        void visit(String name, Tensor tensor);
    }

    private interface CounterVisitor {
        void visit(String name);
    }

    private static void forEachModelTensor(TrainedNetwork tn, TensorVisitor tensors, CounterVisitor counters) {
        Network network = tn.network();
        List<Layer> layers = network.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            for (var p : layer.parameters().entrySet()) {
                tensors.visit(StateNames.of(network.spec(), i, p.getKey()), p.getValue());
            }
            for (var b : layer.buffers().entrySet()) {
                tensors.visit(StateNames.of(network.spec(), i, b.getKey()), b.getValue());
            }
            if (network.spec().layers().get(i) instanceof BatchNorm2d) {
                counters.visit(StateNames.of(network.spec(), i, NUM_BATCHES_TRACKED));
            }
        }
    }

    private static void forEachOptimizerTensor(TrainedNetwork tn, TensorVisitor visitor) {
        // The trainer creates each optimizer over network.parameters() in order, so positions identify parameters;
        // shapes are checked in case an optimizer was built some other way.
        List<Map.Entry<String, Tensor>> parameters = new ArrayList<>(tn.network().parameters().entrySet());
        Optimizer optimizer = tn.optimizer();
        if (optimizer.parameters().size() != parameters.size()) {
            throw new IllegalStateException("the " + tn.prefix() + " optimizer holds " + optimizer.parameters().size()
                    + " parameters but the network has " + parameters.size());
        }
        for (int j = 0; j < parameters.size(); j++) {
            var parameter = parameters.get(j);
            if (!optimizer.parameters().get(j).shape().equals(parameter.getValue().shape())) {
                throw new IllegalStateException("the " + tn.prefix() + " optimizer's parameter " + j
                        + " does not match " + parameter.getKey());
            }
            for (var s : optimizer.state(j).entrySet()) {
                visitor.visit(OPTIMIZER_PREFIX + parameter.getKey() + "." + s.getKey(), s.getValue());
            }
        }
    }

    private static String stepName(TrainedNetwork tn) {
        return OPTIMIZER_PREFIX + tn.prefix() + ".step";
    }

    private static StoredTensor scalar(long value) {
        return StoredTensor.ofLongs(Shape.scalar(), new long[] {value});
    }
}
