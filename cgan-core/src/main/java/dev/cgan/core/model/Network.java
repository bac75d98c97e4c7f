package dev.cgan.core.model;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link NetworkSpec} built on a backend: its layers, run in order, with state under PyTorch's names. */
public final class Network {

    private final NetworkSpec spec;
    private final List<Layer> layers;

    /** Builds every layer of {@code spec} on {@code context} (parameters at the backend's defaults). */
    public Network(ComputeContext context, NetworkSpec spec) {
        this.spec = spec;
        List<Layer> built = new ArrayList<>();
        for (var layerSpec : spec.layers()) {
            built.add(context.layer(layerSpec));
        }
        this.layers = Collections.unmodifiableList(built);
    }

    /** The network's spec. */
    public NetworkSpec spec() {
        return spec;
    }

    /** The layers, in order. */
    public List<Layer> layers() {
        return layers;
    }

    /** Runs every layer in order. */
    public Tensor forward(Tensor input, boolean training) {
        Tensor x = input;
        for (Layer layer : layers) {
            x = layer.forward(x, training);
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
}
