package dev.cgan.backend.onednn;

import dev.cgan.api.layer.Layer;
import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every layer shares: its spec, and parameters and buffers made from the spec's shapes at PyTorch's defaults
 * (zeros; BatchNorm's weight and running variance one), persistent in the context.
 */
abstract class OnednnLayer implements Layer {

    protected final OnednnContext context;
    private final LayerSpec spec;
    private final Map<String, Tensor> parameters;
    private final Map<String, Tensor> buffers;

    OnednnLayer(OnednnContext context, LayerSpec spec, Map<String, Float> fills) {
        this.context = context;
        this.spec = spec;
        Map<String, Tensor> p = new LinkedHashMap<>();
        spec.parameterShapes().forEach((name, shape) -> p.put(name, make(name, shape, fills, true)));
        Map<String, Tensor> b = new LinkedHashMap<>();
        spec.bufferShapes().forEach((name, shape) -> b.put(name, make(name, shape, fills, false)));
        this.parameters = Collections.unmodifiableMap(p);
        this.buffers = Collections.unmodifiableMap(b);
    }

    private OnednnTensor make(String name, Shape shape, Map<String, Float> fills, boolean requiresGrad) {
        return context.persistent(shape, fills.getOrDefault(name, 0f), requiresGrad);
    }

    @Override
    public LayerSpec spec() {
        return spec;
    }

    @Override
    public Map<String, Tensor> parameters() {
        return parameters;
    }

    @Override
    public Map<String, Tensor> buffers() {
        return buffers;
    }

    /** Parameter {@code name} as this backend's tensor, or {@code null} if the layer has none by that name. */
    protected final OnednnTensor parameter(String name) {
        return (OnednnTensor) parameters.get(name);
    }

    /** Buffer {@code name} as this backend's tensor. */
    protected final OnednnTensor buffer(String name) {
        return (OnednnTensor) buffers.get(name);
    }

    /** Checks the input against the spec, with the spec's own message; returns it with the output's shape. */
    protected final OnednnTensor input(Tensor input) {
        spec.outputShape(input.shape());
        return context.own(input);
    }
}
