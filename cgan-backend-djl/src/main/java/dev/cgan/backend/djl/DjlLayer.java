package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every DJL layer shares: parameters and buffers created at PyTorch's pre-initialisation defaults under their
 * PyTorch names, input validation against the spec, and the forward pass run as one scoped computation.
 */
abstract class DjlLayer implements Layer {

    protected final DjlContext context;
    private final LayerSpec spec;
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();

    DjlLayer(DjlContext context, LayerSpec spec) {
        this.context = context;
        this.spec = spec;
    }

    @Override
    public LayerSpec spec() {
        return spec;
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        spec.outputShape(input.shape());
        return context.compute(() -> apply(context.array(input), training));
    }

    @Override
    public Map<String, Tensor> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    @Override
    public Map<String, Tensor> buffers() {
        return Collections.unmodifiableMap(buffers);
    }

    /** The layer's computation on arrays (called inside a DJL scope that frees the intermediates). */
    abstract NDArray apply(NDArray input, boolean training);

    /** Creates trainable parameter {@code name} filled with {@code fill}. */
    protected final NDArray parameter(String name, float fill) {
        Shape shape = spec.parameterShapes().get(name);
        DjlTensor t = context.persistent(context.persistentArray(shape, fill), true);
        parameters.put(name, t);
        return t.array();
    }

    /** Creates buffer {@code name} (not trained, updated in place by the layer) filled with {@code fill}. */
    protected final NDArray buffer(String name, float fill) {
        Shape shape = spec.bufferShapes().get(name);
        DjlTensor t = context.persistent(context.persistentArray(shape, fill), false);
        buffers.put(name, t);
        return t.array();
    }
}
