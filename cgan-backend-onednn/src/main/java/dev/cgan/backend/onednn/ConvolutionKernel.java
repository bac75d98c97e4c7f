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
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.primitive_desc_base;
import org.bytedeco.dnnl.primitive;

/**
 * oneDNN's convolution or deconvolution (transposed convolution) in its three directions — forward, backward-data,
 * backward-weights — for one layer, made once per input shape and reused.
 *
 * <p>Each primitive is created with {@code format_tag.any}, so oneDNN picks its preferred (blocked) layouts for
 * activations and weights. Outputs are made in the preferred layout and stay in it for the next primitive (batch
 * normalisation, eltwise, the next convolution); {@link FormatBridge}s reorder plain inputs and weights into buffers
 * of the preferred layouts (made once with the primitive), and weight gradients back to plain. Deconvolution is oneDNN's own primitive in all three directions;
 * PyTorch's transposed-convolution weight {@code [in, out, k, k]} is oneDNN's deconvolution weight
 * {@code {out, in, k, k}} in the {@code iohw} layout.
 */
final class ConvolutionKernel {

    /** The primitives for one input shape; backward ones are made on first use (inference never needs them). */
    private final class Plan {
        final Shape inputShape;
        final Shape outputShape;
        final memory.desc src;
        final memory.desc dst;
        final memory.desc anySrc;
        final memory.desc anyDst;
        /**
         * The forward output's layout, which backward-data is told to take its output gradient in: with
         * {@code any} oneDNN picks channels-last kernels there, and every gradient arriving blocked (from batch
         * normalisation or an activation) was reordered to channels-last and back (BENCHMARKS.md, section 11).
         */
        memory.desc forwardDstDesc;
        /** For a transposed convolution: the input layout backward-data is asked for (the forward's when forced). */
        memory.desc forwardSrcDesc;
        final primitive forward;
        final Object hint;
        final FormatBridge forwardSrc;
        final FormatBridge forwardWeights;
        final FormatBridge forwardDst;
        primitive backwardData;
        FormatBridge dataDiffDst;
        FormatBridge dataWeights;
        FormatBridge dataDiffSrc;
        primitive backwardWeights;
        FormatBridge weightsSrc;
        FormatBridge weightsDiffDst;
        /** The layout backward-weights writes the weight's gradient in ({@code null}: plain). */
        Layout weightsGradient;
        /** Backward-weights slice by slice of the input's channels, when that has the faster kernel. */
        ChannelSlices slices;
        /** Forward and backward-data as a stride-1 convolution over the space-to-depth input, where that is faster. */
        SpaceToDepth spaceToDepth;
        /**
         * Forward with an activation applied as oneDNN's post-op, by activation, in the layouts of {@link #forward};
         * {@code null} for an activation oneDNN would fuse only with another (slower) kernel than the plain forward's.
         */
        final Map<EltwiseKernel, primitive> activated = new HashMap<>();

        Plan(Shape input, Shape output) {
            inputShape = input;
            outputShape = output;
            src = context.retain(PlainMemory.desc(input.toLongArray()));
            dst = context.retain(PlainMemory.desc(output.toLongArray()));
            anySrc = context.retain(new memory.desc(input.toLongArray(), memory.data_type.f32, memory.format_tag.any));
            anyDst = context.retain(new memory.desc(output.toLongArray(), memory.data_type.f32,
                    memory.format_tag.any));
            if (transposed) {
                // Under 16 output channels (the generator's image layer) the output is asked for plain, as the image
                // goes on (tanh, the discriminator's input): for any, oneDNN picked channels-last and a kernel slower
                // than the plain one, with reorders around the tanh (BENCHMARKS.md, section 11). Between layers of
                // whole 16-channel blocks both sides are asked for in those blocks: for any, oneDNN picked a
                // channels-last forward while backward-weights works in blocks, and every activation and gradient
                // was reordered between the two (BENCHMARKS.md, section 12).
                boolean blocks = input.dim(1) % 16 == 0 && output.dim(1) % 16 == 0;
                memory.desc inputDesc = blocks ? blocked(input) : anySrc;
                memory.desc outputDesc = output.dim(1) < 16 ? dst : blocks ? blocked(output) : anyDst;
                deconvolution_forward.primitive_desc pd = context.retain(bias == null
                        ? new deconvolution_forward.primitive_desc(context.engine(), prop_kind.forward_training,
                                algorithm.deconvolution_direct, inputDesc, anyWeights, outputDesc, strides, padding,
                                padding)
                        : new deconvolution_forward.primitive_desc(context.engine(), prop_kind.forward_training,
                                algorithm.deconvolution_direct, inputDesc, anyWeights, bias, outputDesc, strides,
                                padding, padding));
                hint = pd;
                forward = context.retain(new deconvolution_forward(pd));
                forwardSrc = bridge(src, pd.src_desc(), input);
                forwardWeights = bridge(weights, pd.weights_desc(), null);
                forwardDst = bridge(dst, pd.dst_desc(), output);
                forwardDstDesc = context.retain(pd.dst_desc());
                forwardSrcDesc = blocks ? inputDesc : anySrc;
            } else {
                convolution_forward.primitive_desc pd = context.retain(bias == null
                        ? new convolution_forward.primitive_desc(context.engine(), prop_kind.forward_training,
                                algorithm.convolution_direct, anySrc, anyWeights, anyDst, strides, padding, padding)
                        : new convolution_forward.primitive_desc(context.engine(), prop_kind.forward_training,
                                algorithm.convolution_direct, anySrc, anyWeights, bias, anyDst, strides, padding,
                                padding));
                hint = pd;
                forward = context.retain(new convolution_forward(pd));
                forwardSrc = bridge(src, pd.src_desc(), input);
                forwardWeights = bridge(weights, pd.weights_desc(), null);
                forwardDst = bridge(dst, pd.dst_desc(), output);
                forwardDstDesc = context.retain(pd.dst_desc());
                if (spaceToDepthAllowed && weightDims[2] == 4 && strides[0] == 2 && padding[0] == 1
                        && input.dim(1) % 16 == 0 && input.dim(2) == 8 && input.dim(3) == 8) {
                    spaceToDepth = SpaceToDepth.of(context, input, output.dim(1), forwardDstDesc, bias);
                }
            }
        }

        /**
         * The forward primitive with {@code activation} as a post-op, made on first use with the layouts the plain
         * forward chose (so the same reorders and backward primitives apply to its output); {@code null} when oneDNN
         * has it only in another implementation than the plain forward's (the generator's image layer: its GEMM
         * kernel takes no tanh post-op, and the reference kernel that would was far slower than both steps apart).
         */
        primitive activated(EltwiseKernel activation) {
            if (activated.containsKey(activation)) {
                return activated.get(activation);
            }
            primitive made;
            try (post_ops postOps = new post_ops(); primitive_attr attributes = new primitive_attr()) {
                activation.appendTo(postOps);
                attributes.set_post_ops(postOps);
                if (transposed) {
                    deconvolution_forward.primitive_desc plain = (deconvolution_forward.primitive_desc) hint;
                    deconvolution_forward.primitive_desc pd = context.retain(bias == null
                            ? new deconvolution_forward.primitive_desc(context.engine(), prop_kind.forward_training,
                                    algorithm.deconvolution_direct, plain.src_desc(), plain.weights_desc(),
                                    plain.dst_desc(), strides, padding, padding, attributes, false)
                            : new deconvolution_forward.primitive_desc(context.engine(), prop_kind.forward_training,
                                    algorithm.deconvolution_direct, plain.src_desc(), plain.weights_desc(), bias,
                                    plain.dst_desc(), strides, padding, padding, attributes, false));
                    made = sameKernel(pd, plain) ? new deconvolution_forward(pd) : null;
                } else {
                    convolution_forward.primitive_desc plain = (convolution_forward.primitive_desc) hint;
                    convolution_forward.primitive_desc pd = context.retain(bias == null
                            ? new convolution_forward.primitive_desc(context.engine(), prop_kind.forward_training,
                                    algorithm.convolution_direct, plain.src_desc(), plain.weights_desc(),
                                    plain.dst_desc(), strides, padding, padding, attributes, false)
                            : new convolution_forward.primitive_desc(context.engine(), prop_kind.forward_training,
                                    algorithm.convolution_direct, plain.src_desc(), plain.weights_desc(), bias,
                                    plain.dst_desc(), strides, padding, padding, attributes, false));
                    made = sameKernel(pd, plain) ? new convolution_forward(pd) : null;
                }
            }
            activated.put(activation, made == null ? null : context.retain(made));
            return made;
        }

        void makeBackwardData() {
            if (backwardData != null) {
                return;
            }
            if (transposed) {
                deconvolution_backward_data.primitive_desc pd = context.retain(
                        new deconvolution_backward_data.primitive_desc(context.engine(), algorithm.deconvolution_direct,
                                forwardSrcDesc, anyWeights, forwardDstDesc, strides, padding, padding,
                                (deconvolution_forward.primitive_desc) hint));
                backwardData = context.retain(new deconvolution_backward_data(pd));
                dataDiffDst = bridge(dst, pd.diff_dst_desc(), outputShape);
                dataWeights = bridge(weights, pd.weights_desc(), null);
                dataDiffSrc = bridge(src, pd.diff_src_desc(), inputShape);
            } else {
                convolution_backward_data.primitive_desc pd = context.retain(
                        new convolution_backward_data.primitive_desc(context.engine(), algorithm.convolution_direct,
                                anySrc, anyWeights, forwardDstDesc, strides, padding, padding,
                                (convolution_forward.primitive_desc) hint));
                backwardData = context.retain(new convolution_backward_data(pd));
                dataDiffDst = bridge(dst, pd.diff_dst_desc(), outputShape);
                dataWeights = bridge(weights, pd.weights_desc(), null);
                dataDiffSrc = bridge(src, pd.diff_src_desc(), inputShape);
            }
        }

        /**
         * The input's layout for backward-weights. With fewer than 16 input channels (the discriminator's first
         * layer: image and label maps) oneDNN's choice for {@code any} is a blocked layout padded to 8 channels and
         * an AVX2 kernel; channels-last gets its AVX-512 kernel, several times faster on that layer here
         * (BENCHMARKS.md, section 11).
         */
        memory.desc weightsSrcDesc() {
            if (inputShape.dim(1) < 16) {
                return context.retain(new memory.desc(inputShape.toLongArray(), memory.data_type.f32,
                        memory.format_tag.nhwc));
            }
            return anySrc;
        }

        void makeBackwardWeights() {
            if (backwardWeights != null || slices != null) {
                return;
            }
            int channels = inputShape.dim(1);
            if (!transposed && channels > ChannelSlices.WIDTH && channels < 16) {
                slices = ChannelSlices.of(context, inputShape.toLongArray(), weightDims, forwardDstDesc, bias,
                        strides, padding);
                if (slices != null) {
                    weightsDiffDst = bridge(dst, forwardDstDesc, outputShape);
                    return;
                }
            }
            if (transposed) {
                deconvolution_forward.primitive_desc forwardHint = (deconvolution_forward.primitive_desc) hint;
                deconvolution_backward_weights.primitive_desc pd = context.retain(bias == null
                        ? new deconvolution_backward_weights.primitive_desc(context.engine(),
                                algorithm.deconvolution_direct, anySrc, anyWeights, anyDst, strides, padding, padding,
                                forwardHint)
                        : new deconvolution_backward_weights.primitive_desc(context.engine(),
                                algorithm.deconvolution_direct, anySrc, anyWeights, bias, anyDst, strides, padding,
                                padding, forwardHint));
                backwardWeights = context.retain(new deconvolution_backward_weights(pd));
                weightsSrc = bridge(src, pd.src_desc(), inputShape);
                weightsDiffDst = bridge(dst, pd.diff_dst_desc(), outputShape);
                weightsGradient = context.layout(context.retain(pd.diff_weights_desc()), weightShape, weights);
            } else {
                convolution_forward.primitive_desc forwardHint = (convolution_forward.primitive_desc) hint;
                convolution_backward_weights.primitive_desc pd = context.retain(bias == null
                        ? new convolution_backward_weights.primitive_desc(context.engine(),
                                algorithm.convolution_direct, weightsSrcDesc(), anyWeights, anyDst, strides, padding,
                                padding, forwardHint)
                        : new convolution_backward_weights.primitive_desc(context.engine(),
                                algorithm.convolution_direct, weightsSrcDesc(), anyWeights, bias, anyDst, strides,
                                padding, padding, forwardHint));
                backwardWeights = context.retain(new convolution_backward_weights(pd));
                weightsSrc = bridge(src, pd.src_desc(), inputShape);
                weightsDiffDst = bridge(dst, pd.diff_dst_desc(), outputShape);
                weightsGradient = context.layout(context.retain(pd.diff_weights_desc()), weightShape, weights);
            }
        }
    }

    private final OnednnContext context;
    private final boolean transposed;
    private final memory.desc weights;
    private final long[] weightDims;
    /** The weight tensor's shape: {@code [out, in, k, k]}, or {@code [in, out, k, k]} when transposed. */
    private final Shape weightShape;
    private final memory.desc anyWeights;
    private final memory.desc bias;
    private final long[] strides;
    private final long[] padding;
    private final Map<Shape, Plan> plans = new HashMap<>();
    /** Whether a 4x4 stride-2 convolution over an 8x8 input may run as {@link SpaceToDepth} (tests turn it off). */
    private final boolean spaceToDepthAllowed;

    /**
     * @param transposed deconvolution (weight {@code [in, out, k, k]}) instead of convolution ({@code [out, in, k, k]})
     */
    ConvolutionKernel(OnednnContext context, boolean transposed, int in, int out, int kernel, int stride,
                      int padding, boolean bias) {
        this(context, transposed, in, out, kernel, stride, padding, bias, true);
    }

    /** As above; {@code spaceToDepth} false keeps every shape on oneDNN's plain primitive (for comparisons). */
    ConvolutionKernel(OnednnContext context, boolean transposed, int in, int out, int kernel, int stride,
                      int padding, boolean bias, boolean spaceToDepth) {
        this.spaceToDepthAllowed = spaceToDepth;
        this.context = context;
        this.transposed = transposed;
        long[] dims = {out, in, kernel, kernel};
        this.weightDims = dims;
        this.weightShape = transposed ? Shape.of(in, out, kernel, kernel) : Shape.of(out, in, kernel, kernel);
        this.weights = context.retain(new memory.desc(dims, memory.data_type.f32,
                transposed ? memory.format_tag.iohw : memory.format_tag.oihw));
        this.anyWeights = context.retain(new memory.desc(dims, memory.data_type.f32, memory.format_tag.any));
        this.bias = bias ? context.retain(PlainMemory.desc(out)) : null;
        this.strides = new long[] {stride, stride};
        this.padding = new long[] {padding, padding};
    }

    /**
     * A convolution layer's output for {@code x}, recorded on the tape with its gradients
     * ({@link ConvolutionGradients}) when an input needs one: what both convolution layers compute.
     */
    OnednnTensor apply(OnednnTensor x, OnednnTensor w, OnednnTensor b, Shape outputShape) {
        return context.compute(() -> forward(x, w, b, outputShape),
                g -> ConvolutionGradients.of(context, this, x, w, b, g), x, w, b);
    }

    /**
     * {@code activation(conv(x, w) + b)} in one primitive (the activation as oneDNN's post-op), recorded on the tape as
     * one step: backward takes the activation's gradient from the output it kept, then the convolution's. {@code null}
     * when the activation's backward needs its input, which the fused step never makes.
     */
    OnednnTensor applyActivated(OnednnTensor x, OnednnTensor w, OnednnTensor b, Shape outputShape,
                                EltwiseKernel activation) {
        if (!activation.differentiatesFromOutput()) {
            return null;
        }
        if (plan(x.shape(), outputShape).activated(activation) == null) {
            return null;
        }
        OnednnTensor[] output = new OnednnTensor[1];
        return context.compute(() -> {
            output[0] = forward(x, w, b, outputShape, activation);
            return output[0];
        }, g -> ConvolutionGradients.of(context, this, x, w, b, activation.backward(null, output[0], g)), x, w, b);
    }

    /**
     * {@code conv(src, weight) + bias} as a new tensor of the current scope, in the layout the primitive prefers;
     * {@code bias} may be {@code null} when the layer has none.
     */
    OnednnTensor forward(OnednnTensor src, OnednnTensor weight, OnednnTensor biasValues, Shape outputShape) {
        return forward(src, weight, biasValues, outputShape, null);
    }

    /** {@link #forward(OnednnTensor, OnednnTensor, OnednnTensor, Shape)}, then {@code activation} if not null. */
    private OnednnTensor forward(OnednnTensor src, OnednnTensor weight, OnednnTensor biasValues, Shape outputShape,
                                 EltwiseKernel activation) {
        Plan plan = plan(src.shape(), outputShape);
        OnednnTensor dst = context.newTensor(outputShape, plan.forwardDst.layout());
        if (activation == null && plan.spaceToDepth != null) {
            plan.spaceToDepth.forward(src, weight, biasValues == null ? null : biasValues.plainMemory(), dst);
            return dst;
        }
        primitive step = activation == null ? plan.forward : plan.activated(activation);
        context.execute(step, Arguments.of(DNNL_ARG_SRC, plan.forwardSrc.input(src),
                DNNL_ARG_WEIGHTS, plan.forwardWeights.input(weight), DNNL_ARG_BIAS, biasValues == null ? null
                        : biasValues.plainMemory(), DNNL_ARG_DST, dst.memory()));
        return dst;
    }

    /** The input's gradient (of {@code inputShape}) from the output's {@code diffDst}, in the preferred layout. */
    OnednnTensor backwardData(OnednnTensor diffDst, OnednnTensor weight, Shape inputShape) {
        Plan plan = plan(inputShape, diffDst.shape());
        plan.makeBackwardData();
        if (plan.spaceToDepth != null) {
            return plan.spaceToDepth.backwardData(plan.dataDiffDst.input(diffDst), weight);
        }
        OnednnTensor diffSrc = context.newTensor(inputShape, plan.dataDiffSrc.layout());
        context.execute(plan.backwardData, Arguments.of(DNNL_ARG_DIFF_DST, plan.dataDiffDst.input(diffDst),
                DNNL_ARG_WEIGHTS, plan.dataWeights.input(weight), DNNL_ARG_DIFF_SRC, diffSrc.memory()));
        return diffSrc;
    }

    /**
     * The weight's gradient (a new tensor) from the input and the output's gradient, in the layout backward-weights
     * writes it (the leaf's accumulation reorders it into the plain gradient in the same pass that adds it); the
     * bias's gradient, if any, overwrites {@code diffBias}.
     */
    OnednnTensor backwardWeights(OnednnTensor src, OnednnTensor diffDst, OnednnTensor diffBias) {
        Plan plan = plan(src.shape(), diffDst.shape());
        plan.makeBackwardWeights();
        if (plan.slices != null) {
            OnednnTensor diffWeight = context.newTensor(weightShape);
            plan.slices.backwardWeights(context.conform(src, null).plainMemoryToRead(),
                    plan.weightsDiffDst.input(diffDst), diffWeight.plainMemory(),
                    diffBias == null ? null : diffBias.plainMemory());
            return diffWeight;
        }
        OnednnTensor diffWeight = context.newTensor(weightShape, plan.weightsGradient);
        context.execute(plan.backwardWeights, Arguments.of(DNNL_ARG_SRC, plan.weightsSrc.input(src),
                DNNL_ARG_DIFF_DST, plan.weightsDiffDst.input(diffDst), DNNL_ARG_DIFF_WEIGHTS, diffWeight.memory(),
                DNNL_ARG_DIFF_BIAS, diffBias == null ? null : diffBias.plainMemory()));
        return diffWeight;
    }

    /** The space-to-depth form the plan for {@code input} runs ({@code null}: the plain primitive), for tests. */
    SpaceToDepth spaceToDepth(Shape input) {
        Plan plan = plans.get(input);
        return plan == null ? null : plan.spaceToDepth;
    }

    /** How many input shapes have primitives (each made once, then reused). */
    int plans() {
        return plans.size();
    }

    /** Whether oneDNN picked the same implementation for both primitive descriptors. */
    private static boolean sameKernel(primitive_desc_base a, primitive_desc_base b) {
        return a.impl_info_str().getString().equals(b.impl_info_str().getString());
    }

    /** {@code shape} in 16-channel blocks ({@code nChw16c}). */
    private memory.desc blocked(Shape shape) {
        return context.retain(new memory.desc(shape.toLongArray(), memory.data_type.f32, memory.format_tag.nChw16c));
    }

    private FormatBridge bridge(memory.desc plain, memory.desc preferred, Shape activation) {
        return new FormatBridge(context, plain, context.retain(preferred), activation);
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
