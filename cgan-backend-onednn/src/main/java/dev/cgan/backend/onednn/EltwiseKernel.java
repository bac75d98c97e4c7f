package dev.cgan.backend.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;

import dev.cgan.api.tensor.Shape;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.dnnl.eltwise_backward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;

/**
 * One oneDNN eltwise algorithm (ReLU with a negative slope, tanh, logistic), forward and backward, made once per
 * shape. Algorithms whose name ends in {@code _use_dst_for_bwd} differentiate from the output (as PyTorch does for
 * tanh and sigmoid); the others from the input.
 */
final class EltwiseKernel {

    private final class Plan {
        final memory.desc data;
        final eltwise_forward.primitive_desc hint;
        final primitive forward;
        primitive backward;

        Plan(Shape shape) {
            data = context.retain(PlainMemory.desc(shape.toLongArray()));
            hint = context.retain(new eltwise_forward.primitive_desc(context.engine(), prop_kind.forward_training,
                    algorithm, data, data, alpha, 0f));
            forward = context.retain(new eltwise_forward(hint));
        }

        primitive backward() {
            if (backward == null) {
                backward = context.retain(new eltwise_backward(context.retain(new eltwise_backward.primitive_desc(
                        context.engine(), algorithm, data, data, data, alpha, 0f, hint))));
            }
            return backward;
        }
    }

    private final OnednnContext context;
    private final algorithm algorithm;
    private final float alpha;
    private final boolean fromOutput;
    private final Map<Shape, Plan> plans = new HashMap<>();

    EltwiseKernel(OnednnContext context, algorithm algorithm, float alpha) {
        this.context = context;
        this.algorithm = algorithm;
        this.alpha = alpha;
        this.fromOutput = algorithm.name().endsWith("_use_dst_for_bwd");
    }

    void forward(OnednnTensor src, OnednnTensor dst) {
        context.execute(plan(src.shape()).forward, Arguments.of(DNNL_ARG_SRC, src, DNNL_ARG_DST, dst));
    }

    /** The input's gradient from the output's; reads the forward pass's input or output as the algorithm needs. */
    void backward(OnednnTensor src, OnednnTensor dst, OnednnTensor diffDst, OnednnTensor diffSrc) {
        context.execute(plan(diffDst.shape()).backward(), Arguments.of(fromOutput ? DNNL_ARG_DST : DNNL_ARG_SRC,
                fromOutput ? dst : src, DNNL_ARG_DIFF_DST, diffDst, DNNL_ARG_DIFF_SRC, diffSrc));
    }

    private Plan plan(Shape shape) {
        Plan plan = plans.get(shape);
        if (plan == null) {
            plan = new Plan(shape);
            plans.put(shape, plan);
        }
        return plan;
    }
}
