package dev.cgan.backend.jcuda;

import dev.cgan.api.tensor.Shape;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** A layer's cuDNN plans, one per input shape it has seen (a model sees one or two batch sizes). */
final class ConvolutionPlans {

    private final CudaContext context;
    private final Function<Shape, ConvGeometry> geometry;
    private final Map<Shape, ConvolutionPlan> plans = new HashMap<>();

    ConvolutionPlans(CudaContext context, Function<Shape, ConvGeometry> geometry) {
        this.context = context;
        this.geometry = geometry;
    }

    ConvolutionPlan forInput(Shape input) {
        ConvolutionPlan plan = plans.get(input);
        if (plan == null) {
            plan = context.own(new ConvolutionPlan(context, geometry.apply(input)));
            plans.put(input, plan);
        }
        return plan;
    }
}
