package dev.cgan.backend.jcuda;

import dev.cgan.api.layer.Layer;
import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every layer shares: its spec, its parameters (zeroed, requiring gradients) and buffers by PyTorch's names,
 * created in the context so that they outlive every scope.
 */
abstract class CudaLayer implements Layer {

    final CudaContext context;
    private final LayerSpec spec;
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();

    CudaLayer(CudaContext context, LayerSpec spec) {
        this.context = context;
        this.spec = spec;
        spec.parameterShapes().forEach((name, shape) -> parameters.put(name, context.persistentZeros(shape)
                .requireGrad()));
        spec.bufferShapes().forEach((name, shape) -> buffers.put(name, context.persistentZeros(shape)));
    }

    @Override
    public LayerSpec spec() {
        return spec;
    }

    @Override
    public Map<String, Tensor> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    @Override
    public Map<String, Tensor> buffers() {
        return Collections.unmodifiableMap(buffers);
    }

    CudaTensor parameter(String name) {
        return (CudaTensor) parameters.get(name);
    }

    CudaTensor buffer(String name) {
        return (CudaTensor) buffers.get(name);
    }

    /** The input as this context's tensor, checked against the spec (which throws with the reason). */
    CudaTensor input(Tensor input) {
        CudaTensor x = context.cuda(input, spec.typeName());
        spec.outputShape(x.shape());
        return x;
    }
}
