package dev.cgan.backend.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import dev.cgan.api.tensor.Shape;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.deconvolution_backward_data;
import org.bytedeco.dnnl.deconvolution_backward_weights;
import org.bytedeco.dnnl.deconvolution_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;

/**
 * oneDNN's convolution or deconvolution (transposed convolution) in its three directions — forward, backward-data,
 * backward-weights — for one layer: the primitives are made once per input shape and reused. Deconvolution is oneDNN's
 * own primitive in all three directions (not a convolution run backwards); PyTorch's transposed-convolution weight
 * {@code [in, out, k, k]} is oneDNN's deconvolution weight {@code {out, in, k, k}} in the {@code iohw} layout, so the
 * parameter is read in place.
 */
final class ConvolutionKernel {

    /** The primitives for one input shape; backward ones are made on first use (inference never needs them). */
    private final class Plan {
        final memory.desc src;
        final memory.desc dst;
        final primitive forward;
        final Object forwardHint;
        primitive backwardData;
        primitive backwardWeights;

        Plan(Shape input, Shape output) {
            src = context.retain(PlainMemory.desc(input.toLongArray()));
            dst = context.retain(PlainMemory.desc(output.toLongArray()));
            if (transposed) {
                deconvolution_forward.primitive_desc pd = context.retain(bias == null
                        ? new deconvolution_forward.primitive_desc(context.engine(), prop_kind.forward_training,
                                algorithm.deconvolution_direct, src, weights, dst, strides, padding, padding)
                        : new deconvolution_forward.primitive_desc(context.engine(), prop_kind.forward_training,
                                algorithm.deconvolution_direct, src, weights, bias, dst, strides, padding, padding));
                forwardHint = pd;
                forward = context.retain(new deconvolution_forward(pd));
            } else {
                convolution_forward.primitive_desc pd = context.retain(bias == null
                        ? new convolution_forward.primitive_desc(context.engine(), prop_kind.forward_training,
                                algorithm.convolution_direct, src, weights, dst, strides, padding, padding)
                        : new convolution_forward.primitive_desc(context.engine(), prop_kind.forward_training,
                                algorithm.convolution_direct, src, weights, bias, dst, strides, padding, padding));
                forwardHint = pd;
                forward = context.retain(new convolution_forward(pd));
            }
        }

        primitive backwardData() {
            if (backwardData == null) {
                if (transposed) {
                    backwardData = context.retain(new deconvolution_backward_data(context.retain(
                            new deconvolution_backward_data.primitive_desc(context.engine(),
                                    algorithm.deconvolution_direct, src, weights, dst, strides, padding, padding,
                                    (deconvolution_forward.primitive_desc) forwardHint))));
                } else {
                    backwardData = context.retain(new convolution_backward_data(context.retain(
                            new convolution_backward_data.primitive_desc(context.engine(),
                                    algorithm.convolution_direct, src, weights, dst, strides, padding, padding,
                                    (convolution_forward.primitive_desc) forwardHint))));
                }
            }
            return backwardData;
        }

        primitive backwardWeights() {
            if (backwardWeights == null) {
                if (transposed) {
                    deconvolution_forward.primitive_desc hint = (deconvolution_forward.primitive_desc) forwardHint;
                    deconvolution_backward_weights.primitive_desc pd = bias == null
                            ? new deconvolution_backward_weights.primitive_desc(context.engine(),
                                    algorithm.deconvolution_direct, src, weights, dst, strides, padding, padding, hint)
                            : new deconvolution_backward_weights.primitive_desc(context.engine(),
                                    algorithm.deconvolution_direct, src, weights, bias, dst, strides, padding, padding,
                                    hint);
                    backwardWeights = context.retain(new deconvolution_backward_weights(context.retain(pd)));
                } else {
                    convolution_forward.primitive_desc hint = (convolution_forward.primitive_desc) forwardHint;
                    convolution_backward_weights.primitive_desc pd = bias == null
                            ? new convolution_backward_weights.primitive_desc(context.engine(),
                                    algorithm.convolution_direct, src, weights, dst, strides, padding, padding, hint)
                            : new convolution_backward_weights.primitive_desc(context.engine(),
                                    algorithm.convolution_direct, src, weights, bias, dst, strides, padding, padding,
                                    hint);
                    backwardWeights = context.retain(new convolution_backward_weights(context.retain(pd)));
                }
            }
            return backwardWeights;
        }
    }

    private final OnednnContext context;
    private final boolean transposed;
    private final memory.desc weights;
    private final memory.desc bias;
    private final long[] strides;
    private final long[] padding;
    private final Map<Shape, Plan> plans = new HashMap<>();

    /**
     * @param transposed deconvolution (weight {@code [in, out, k, k]}) instead of convolution ({@code [out, in, k, k]})
     */
    ConvolutionKernel(OnednnContext context, boolean transposed, int in, int out, int kernel, int stride,
                      int padding, boolean bias) {
        this.context = context;
        this.transposed = transposed;
        long[] dims = {out, in, kernel, kernel};
        this.weights = context.retain(new memory.desc(dims, memory.data_type.f32,
                transposed ? memory.format_tag.iohw : memory.format_tag.oihw));
        this.bias = bias ? context.retain(PlainMemory.desc(out)) : null;
        this.strides = new long[] {stride, stride};
        this.padding = new long[] {padding, padding};
    }

    /** {@code dst = conv(src, weight) + bias}; {@code bias} may be {@code null} when the layer has none. */
    void forward(OnednnTensor src, OnednnTensor weight, OnednnTensor biasValues, OnednnTensor dst) {
        Plan plan = plan(src.shape(), dst.shape());
        context.execute(plan.forward, Arguments.of(DNNL_ARG_SRC, src, DNNL_ARG_WEIGHTS, weight,
                DNNL_ARG_BIAS, biasValues, DNNL_ARG_DST, dst));
    }

    /** The input's gradient {@code diffSrc} from the output's {@code diffDst}. */
    void backwardData(OnednnTensor diffDst, OnednnTensor weight, OnednnTensor diffSrc) {
        Plan plan = plan(diffSrc.shape(), diffDst.shape());
        context.execute(plan.backwardData(), Arguments.of(DNNL_ARG_DIFF_DST, diffDst, DNNL_ARG_WEIGHTS, weight,
                DNNL_ARG_DIFF_SRC, diffSrc));
    }

    /** The weight's (and bias's, if any) gradient from the input and the output's gradient; overwrites both. */
    void backwardWeights(OnednnTensor src, OnednnTensor diffDst, OnednnTensor diffWeight, OnednnTensor diffBias) {
        Plan plan = plan(src.shape(), diffDst.shape());
        context.execute(plan.backwardWeights(), Arguments.of(DNNL_ARG_SRC, src, DNNL_ARG_DIFF_DST, diffDst,
                DNNL_ARG_DIFF_WEIGHTS, diffWeight, DNNL_ARG_DIFF_BIAS, diffBias));
    }

    /** How many input shapes have primitives (each made once, then reused). */
    int plans() {
        return plans.size();
    }

    private Plan plan(Shape input, Shape output) {
        Plan plan = plans.get(input);
        if (plan == null) {
            plan = new Plan(input, output);
            plans.put(input, plan);
        }
        return plan;
    }
}
