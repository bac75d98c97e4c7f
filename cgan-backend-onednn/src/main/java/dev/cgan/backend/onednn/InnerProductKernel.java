package dev.cgan.backend.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.inner_product_backward_data;
import org.bytedeco.dnnl.inner_product_backward_weights;
import org.bytedeco.dnnl.inner_product_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;

/**
 * oneDNN's inner product {@code dst = src W^T + b} on {@code [N, in]} with PyTorch's weight {@code [out, in]}
 * (oneDNN's {@code oi}), forward, backward-data and backward-weights, made once per batch size. It works on plain
 * tensors (the layers around it, Maxout's selection and the losses, are Java loops).
 */
final class InnerProductKernel {

    private final class Plan {
        final memory.desc src;
        final memory.desc dst;
        final inner_product_forward.primitive_desc hint;
        final primitive forward;
        primitive backwardData;
        primitive backwardWeights;

        Plan(int batch) {
            src = context.retain(PlainMemory.desc(batch, in));
            dst = context.retain(PlainMemory.desc(batch, out));
            hint = context.retain(bias == null
                    ? new inner_product_forward.primitive_desc(context.engine(), prop_kind.forward_training, src,
                            weights, dst)
                    : new inner_product_forward.primitive_desc(context.engine(), prop_kind.forward_training, src,
                            weights, bias, dst));
            forward = context.retain(new inner_product_forward(hint));
        }

        primitive backwardData() {
            if (backwardData == null) {
                backwardData = context.retain(new inner_product_backward_data(context.retain(
                        new inner_product_backward_data.primitive_desc(context.engine(), src, weights, dst, hint))));
            }
            return backwardData;
        }

        primitive backwardWeights() {
            if (backwardWeights == null) {
                backwardWeights = context.retain(new inner_product_backward_weights(context.retain(bias == null
                        ? new inner_product_backward_weights.primitive_desc(context.engine(), src, weights, dst, hint)
                        : new inner_product_backward_weights.primitive_desc(context.engine(), src, weights, bias, dst,
                                hint))));
            }
            return backwardWeights;
        }
    }

    private final OnednnContext context;
    private final int in;
    private final int out;
    private final memory.desc weights;
    private final memory.desc bias;
    private final Map<Integer, Plan> plans = new HashMap<>();

    InnerProductKernel(OnednnContext context, int in, int out, boolean bias) {
        this.context = context;
        this.in = in;
        this.out = out;
        this.weights = context.retain(PlainMemory.desc(out, in));
        this.bias = bias ? context.retain(PlainMemory.desc(out)) : null;
    }

    void forward(OnednnTensor src, OnednnTensor weight, OnednnTensor biasValues, OnednnTensor dst) {
        context.execute(plan(src.shape().dim(0)).forward, Arguments.of(DNNL_ARG_SRC, src.toPlain(),
                DNNL_ARG_WEIGHTS, weight, DNNL_ARG_BIAS, biasValues, DNNL_ARG_DST, dst));
    }

    void backwardData(OnednnTensor diffDst, OnednnTensor weight, OnednnTensor diffSrc) {
        context.execute(plan(diffDst.shape().dim(0)).backwardData(), Arguments.of(DNNL_ARG_DIFF_DST, diffDst.toPlain(),
                DNNL_ARG_WEIGHTS, weight, DNNL_ARG_DIFF_SRC, diffSrc));
    }

    void backwardWeights(OnednnTensor src, OnednnTensor diffDst, OnednnTensor diffWeight, OnednnTensor diffBias) {
        context.execute(plan(src.shape().dim(0)).backwardWeights(), Arguments.of(DNNL_ARG_SRC, src.toPlain(),
                DNNL_ARG_DIFF_DST, diffDst.toPlain(), DNNL_ARG_DIFF_WEIGHTS, diffWeight, DNNL_ARG_DIFF_BIAS, diffBias));
    }

    private Plan plan(int batch) {
        Plan plan = plans.get(batch);
        if (plan == null) {
            plan = new Plan(batch);
            plans.put(batch, plan);
        }
        return plan;
    }
}
