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
import org.bytedeco.dnnl.post_ops;
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
                    function, data, data, alpha, 0f));
            forward = context.retain(new eltwise_forward(hint));
        }

        primitive backward() {
            if (backward == null) {
                backward = context.retain(new eltwise_backward(context.retain(new eltwise_backward.primitive_desc(
                        context.engine(), function, data, data, data, alpha, 0f, hint))));
            }
            return backward;
        }
    }

    private final OnednnContext context;
    private final algorithm function;
    private final float alpha;
    private final boolean fromOutput;
    private final Map<Layout.Key, Plan> plans = new HashMap<>();

    EltwiseKernel(OnednnContext context, algorithm algorithm, float alpha) {
        this.context = context;
        this.function = algorithm;
        this.alpha = alpha;
        this.fromOutput = algorithm.name().endsWith("_use_dst_for_bwd");
    }

    /** Whether backward reads only the output (so the input need not be kept: it can be fused away). */
    boolean differentiatesFromOutput() {
        return fromOutput;
    }

    /** Whether this is ReLU with a zero slope (batch normalisation fuses only that one). */
    boolean isPlainRelu() {
        return forwardAlgorithm() == algorithm.eltwise_relu && alpha == 0f;
    }

    /** Appends this activation to {@code postOps} as oneDNN's eltwise post-op (its forward algorithm). */
    void appendTo(post_ops postOps) {
        postOps.append_eltwise(forwardAlgorithm(), alpha, 0f);
    }

    /** The algorithm without its {@code _use_dst_for_bwd} suffix: what the forward computes. */
    private algorithm forwardAlgorithm() {
        if (function == algorithm.eltwise_relu_use_dst_for_bwd) {
            return algorithm.eltwise_relu;
        }
        if (function == algorithm.eltwise_tanh_use_dst_for_bwd) {
            return algorithm.eltwise_tanh;
        }
        if (function == algorithm.eltwise_logistic_use_dst_for_bwd) {
            return algorithm.eltwise_logistic;
        }
        return function;
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
