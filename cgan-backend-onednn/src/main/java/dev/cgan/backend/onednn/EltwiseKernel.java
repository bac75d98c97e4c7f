package dev.cgan.backend.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;

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
 * shape and layout (it works in the layout its input comes in: blocked after a convolution or batch normalisation). Algorithms whose name ends in {@code _use_dst_for_bwd} differentiate from the output (as PyTorch does for
 * tanh and sigmoid); the others from the input.
 */
final class EltwiseKernel {

    private final class Plan {
        final memory.desc data;
        final eltwise_forward.primitive_desc hint;
        final primitive forward;
        primitive backward;

        Plan(OnednnTensor example) {
            data = example.layout() != null ? example.layout().desc()
                    : context.retain(PlainMemory.desc(example.shape().toLongArray()));
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
    private final Map<Layout.Key, Plan> plans = new HashMap<>();

    EltwiseKernel(OnednnContext context, algorithm algorithm, float alpha) {
        this.context = context;
        this.algorithm = algorithm;
        this.alpha = alpha;
        this.fromOutput = algorithm.name().endsWith("_use_dst_for_bwd");
    }

    /** The activation of {@code src} as a new tensor in the same layout. */
    OnednnTensor forward(OnednnTensor src) {
        OnednnTensor dst = context.newTensor(src.shape(), src.layout());
        context.execute(plan(src).forward, Arguments.of(DNNL_ARG_SRC, src, DNNL_ARG_DST, dst));
        return dst;
    }

    /**
     * The input's gradient from the output's, reading the forward pass's input or output as the algorithm needs, in
     * that tensor's layout.
     */
    OnednnTensor backward(OnednnTensor src, OnednnTensor dst, OnednnTensor gradOutput) {
        OnednnTensor base = fromOutput ? dst : src;
        OnednnTensor diffDst = context.conform(gradOutput, base.layout());
        OnednnTensor diffSrc = context.newTensor(base.shape(), base.layout());
        context.execute(plan(base).backward(), Arguments.of(fromOutput ? DNNL_ARG_DST : DNNL_ARG_SRC, base,
                DNNL_ARG_DIFF_DST, diffDst, DNNL_ARG_DIFF_SRC, diffSrc));
        return diffSrc;
    }

    private Plan plan(OnednnTensor example) {
        Layout.Key key = Layout.Key.of(example);
        Plan plan = plans.get(key);
        if (plan == null) {
            plan = new Plan(example);
            plans.put(key, plan);
        }
        return plan;
    }
}
