package dev.cgan.backend.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Backward-weights of a convolution whose plain input has 4 to 15 channels (the discriminator's first layer: the
 * image and its label maps), computed slice by slice of at most three input channels. For a plain input of up to
 * three channels and an output gradient in the forward's 16-channel blocks oneDNN has an AVX-512 kernel; for more
 * channels in that pairing it has only its reference kernel, and the channels-last kernel it offers instead needs the
 * input and the output gradient reordered on every call (BENCHMARKS.md, section 12). A weight's gradient involves only
 * its own input channel, so each slice's gradient is a block of the whole one: the slice of the input is copied to a
 * dense buffer (sample by sample, as each sample's slice is contiguous), its gradient computed and reordered into its
 * columns of the plain gradient.
 */
final class ChannelSlices {

    /** The most input channels per slice (oneDNN's plain-input kernels take at most three). */
    static final int WIDTH = 3;

    /**
     * One slice: channels {@code [first, first + width)}, each sample's part of it {@code bytes} long and contiguous in
     * the plain input, copied one after another into {@code dense}.
     */
    private record Slice(long first, long bytes, memory dense, primitive backward, memory gradient,
                         memory.desc gradientView, primitive copyOut, boolean bias) {
    }

    private final OnednnContext context;
    private final List<Slice> slices;
    /** The input's samples and channels, and the bytes of one channel of one sample. */
    private final long samples;
    private final long channels;
    private final long planeBytes;

    private ChannelSlices(OnednnContext context, List<Slice> slices, long[] inputDims) {
        this.context = context;
        this.slices = slices;
        this.samples = inputDims[0];
        this.channels = inputDims[1];
        this.planeBytes = inputDims[2] * inputDims[3] * Float.BYTES;
    }

    /**
     * The slices for input {@code inputDims} (plain), weights {@code weightDims} ({@code [out, in, k, k]}, plain) and
     * the output gradient in {@code diffDst}'s layout; {@code null} when oneDNN has no optimised kernel for a slice.
     */
    static ChannelSlices of(OnednnContext context, long[] inputDims, long[] weightDims, memory.desc diffDst,
                            memory.desc bias, long[] strides, long[] padding) {
        memory.desc weights = context.retain(PlainMemory.desc(weightDims));
        List<Slice> slices = new ArrayList<>();
        for (long first = 0; first < inputDims[1]; first += WIDTH) {
            long width = Math.min(WIDTH, inputDims[1] - first);
            long[] sliceDims = {inputDims[0], width, inputDims[2], inputDims[3]};
            long[] sliceWeightDims = {weightDims[0], width, weightDims[2], weightDims[3]};
            memory.desc dense = context.retain(PlainMemory.desc(sliceDims));
            memory.desc anyWeights = context.retain(new memory.desc(sliceWeightDims, memory.data_type.f32,
                    memory.format_tag.any));
            boolean withBias = bias != null && first == 0;
            convolution_forward.primitive_desc hint = context.retain(withBias
                    ? new convolution_forward.primitive_desc(context.engine(), prop_kind.forward_training,
                            algorithm.convolution_direct, dense, anyWeights, bias, diffDst, strides, padding, padding)
                    : new convolution_forward.primitive_desc(context.engine(), prop_kind.forward_training,
                            algorithm.convolution_direct, dense, anyWeights, diffDst, strides, padding, padding));
            convolution_backward_weights.primitive_desc pd = context.retain(withBias
                    ? new convolution_backward_weights.primitive_desc(context.engine(), algorithm.convolution_direct,
                            dense, anyWeights, bias, diffDst, strides, padding, padding, hint)
                    : new convolution_backward_weights.primitive_desc(context.engine(), algorithm.convolution_direct,
                            dense, anyWeights, diffDst, strides, padding, padding, hint));
            if (pd.impl_info_str().getString().startsWith("ref")) {
                return null;
            }
            memory.desc gradientView = context.retain(weights.submemory_desc(sliceWeightDims,
                    new long[] {0, first, 0, 0}));
            memory.desc blockedGradient = context.retain(pd.diff_weights_desc());
            slices.add(new Slice(first, width * inputDims[2] * inputDims[3] * Float.BYTES,
                    context.retain(new memory(dense, context.engine())),
                    context.retain(new convolution_backward_weights(pd)),
                    context.retain(new memory(blockedGradient, context.engine())),
                    gradientView,
                    context.retain(new reorder(context.retain(new reorder.primitive_desc(context.engine(),
                            blockedGradient, context.engine(), gradientView)))),
                    withBias));
        }
        return new ChannelSlices(context, slices, inputDims);
    }

    /**
     * Writes the weight gradient (plain {@code diffWeights}) and the bias gradient ({@code diffBias}, or {@code null})
     * from the plain input {@code src} and the output gradient {@code diffDst} (in the layout given to {@link #of}).
     */
    void backwardWeights(memory src, memory diffDst, memory diffWeights, memory diffBias) {
        for (Slice slice : slices) {
            try (BytePointer from = new BytePointer(src.get_data_handle());
                    BytePointer to = new BytePointer(slice.dense().get_data_handle());
                    memory gradient = new memory(slice.gradientView(), context.engine(),
                            diffWeights.get_data_handle())) {
                for (long n = 0; n < samples; n++) {
                    from.position((n * channels + slice.first()) * planeBytes);
                    to.position(n * slice.bytes());
                    Pointer.memcpy(to, from, slice.bytes());
                }
                context.execute(slice.backward(), Arguments.of(DNNL_ARG_SRC, slice.dense(), DNNL_ARG_DIFF_DST,
                        diffDst, DNNL_ARG_DIFF_WEIGHTS, slice.gradient(), DNNL_ARG_DIFF_BIAS,
                        slice.bias() ? diffBias : null));
                context.execute(slice.copyOut(), Arguments.of(DNNL_ARG_FROM, slice.gradient(), DNNL_ARG_TO,
                        gradient));
            }
        }
    }
}
