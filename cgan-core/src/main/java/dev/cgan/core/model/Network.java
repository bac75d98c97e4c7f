package dev.cgan.core.model;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorOps;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A {@link NetworkSpec} built on a backend: its layers, run in order (or in two branches and a joint part), with
 * state under PyTorch's names.
 */
public final class Network {

    private final NetworkSpec spec;
    private final List<Layer> layers;
    private final ComputeContext context;

    /** Builds every layer of {@code spec} on {@code context} (parameters at the backend's defaults). */
    public Network(ComputeContext context, NetworkSpec spec) {
        this.spec = spec;
        List<Layer> built = new ArrayList<>();
        for (var layerSpec : spec.layers()) {
            built.add(context.layer(layerSpec));
        }
        this.layers = Collections.unmodifiableList(built);
        this.context = context;
    }

    /** The network's spec. */
    public NetworkSpec spec() {
        return spec;
    }

    /** The layers, in order. */
    public List<Layer> layers() {
        return layers;
    }

    /**
     * Runs every layer of a sequential network in order.
     *
     * @throws IllegalStateException for a two-branch network (use {@link #forward(Tensor, Tensor, boolean)})
     */
    public Tensor forward(Tensor input, boolean training) {
        if (spec.isBranched()) {
            throw new IllegalStateException(spec.prefix() + " has a data and a label branch; give it both inputs");
        }
        return run(input, 0, layers.size(), training);
    }

    /**
     * Runs a two-branch network: the data branch on {@code data} {@code [N, F]}, the label branch on
     * {@code labels} {@code [N, C]}, both outputs concatenated on features (data first), then the joint layers.
     *
     * @throws IllegalStateException for a sequential network
     */
    public Tensor forward(Tensor data, Tensor labels, boolean training) {
        NetworkSpec.Branches b = spec.branches();
        if (b == null) {
            throw new IllegalStateException(spec.prefix() + " is sequential; give it one input");
        }
        Tensor x = run(data, 0, b.dataLayers(), training);
        Tensor y = run(labels, b.dataLayers(), b.dataLayers() + b.labelLayers(), training);
        TensorOps ops = context.ops();
        return run(ops.concatChannels(x, y), b.dataLayers() + b.labelLayers(), layers.size(), training);
    }

    private Tensor run(Tensor input, int from, int to, boolean training) {
        Tensor x = input;
        for (int i = from; i < to; i++) {
            x = layers.get(i).forward(x, training);
        }
        return x;
    }

    /** Trainable parameters by state_dict name, in order. */
    public Map<String, Tensor> parameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (var e : layers.get(i).parameters().entrySet()) {
                out.put(StateNames.of(spec, i, e.getKey()), e.getValue());
            }
        }
        return out;
    }

    /** Buffers (running statistics) by state_dict name, in order. */
    public Map<String, Tensor> buffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (var e : layers.get(i).buffers().entrySet()) {
                out.put(StateNames.of(spec, i, e.getKey()), e.getValue());
            }
        }
        return out;
    }

    /** Parameters and buffers by state_dict name, in PyTorch's order (parameters then buffers, layer by layer). */
    public Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (var e : layers.get(i).parameters().entrySet()) {
                out.put(StateNames.of(spec, i, e.getKey()), e.getValue());
            }
            for (var e : layers.get(i).buffers().entrySet()) {
                out.put(StateNames.of(spec, i, e.getKey()), e.getValue());
            }
        }
        return out;
    }

    /**
     * The positions of the layers' own random streams (the Dropout masks) by layer name, the layer's state_dict
     * prefix ({@code generator.joint.4}), in layer order; layers without randomness are not listed.
     */
    public Map<String, Long> randomStates() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            OptionalLong state = layers.get(i).randomState();
            if (state.isPresent()) {
                out.put(layerName(i), state.getAsLong());
            }
        }
        return out;
    }

    /**
     * Moves the random streams of the layers named in {@code states} (as {@link #randomStates()} names them) to the
     * given positions; layers not named keep theirs.
     *
     * @throws IllegalArgumentException if a name is not a layer of this network with a random stream
     */
    public void restoreRandomStates(Map<String, Long> states) {
        Map<String, Long> left = new LinkedHashMap<>(states);
        for (int i = 0; i < layers.size(); i++) {
            Long state = left.remove(layerName(i));
            if (state != null) {
                if (layers.get(i).randomState().isEmpty()) {
                    throw new IllegalArgumentException(layerName(i) + " has no random stream");
                }
                layers.get(i).restoreRandomState(state);
            }
        }
        if (!left.isEmpty()) {
            throw new IllegalArgumentException(spec.prefix() + " has no layers " + left.keySet());
        }
    }

    /** The state_dict prefix of layer {@code i}, e.g. {@code generator.joint.4}. */
    private String layerName(int i) {
        String any = StateNames.of(spec, i, "");
        return any.substring(0, any.length() - 1);
    }
}
