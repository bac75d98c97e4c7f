package dev.cgan.backend.jcuda;

import dev.cgan.api.spi.ConvolutionShape;
import dev.cgan.api.tensor.Shape;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** A layer's cuDNN plans, one per input shape it has seen (a model sees one or two batch sizes). */
final class ConvolutionPlans {

    private final CudaContext context;
    private final Function<Shape, ConvolutionShape> sizes;
    private final Map<Shape, ConvolutionPlan> plans = new HashMap<>();

    /** {@code sizes}: the layer's {@link ConvolutionShape} for an input shape. */
    ConvolutionPlans(CudaContext context, Function<Shape, ConvolutionShape> sizes) {
        this.context = context;
        this.sizes = sizes;
    }

    ConvolutionPlan forInput(Shape input) {
        ConvolutionPlan plan = plans.get(input);
        if (plan == null) {
            plan = context.ownResource(new ConvolutionPlan(context, sizes.apply(input)));
            plans.put(input, plan);
        }
        return plan;
    }
}
