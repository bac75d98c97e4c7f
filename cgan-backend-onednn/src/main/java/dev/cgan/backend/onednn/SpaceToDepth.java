package dev.cgan.backend.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import dev.cgan.api.tensor.Shape;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * A 4x4 convolution with stride 2 and padding 1 over an 8x8 input in 16-channel blocks (the discriminator's 8x8 to
 * 4x4 layer), run forward and backward-data as the stride-1 2x2 convolution it equals over the space-to-depth input:
 * four times the channels on a 5x5 grid, the same multiply-adds. Channel {@code (g, c)} of the rearranged input, for
 * the row and column parities {@code g = (i, j)}, holds input rows {@code 2p' + i} at row {@code p' + i} (and columns
 * alike); the rest of the 5x5 grid is the zero padding. Its weight holds the original taps
 * {@code (2a + 1 - i, 2b + 1 - j)} at {@code (a, b)}. For this shape oneDNN's stride-1 kernels are faster than its
 * stride-2 ones forward and backward-data (BENCHMARKS.md, section 13); backward-weights stays the plain layer's.
 *
 * <p>The rearrangements are reorders between strided views: the input's 16-channel blocks move as a whole, so each
 * parity's part is one five-dimensional view ({@code [n, block, p', q', 16]}) on each side, four reorders each way.
 * The rearranged input lives in one buffer per layer whose padding is zeroed once and never written.
 */
final class SpaceToDepth {

    private final OnednnContext context;
    private final Shape inputShape;
    /** The input in 16-channel blocks, as the input's layout the views below read and write. */
    private final Layout blockedInput;
    private final memory.desc inputView;
    private final memory packed;
    private final memory packedGradient;
    /** Per parity {@code 2i + j}: the rearranged input's and input gradient's part that holds it. */
    private final memory[] packedViews = new memory[4];
    private final memory[] packedGradientViews = new memory[4];
    private final primitive pack;
    private final primitive unpack;
    private final convolution_forward.primitive_desc hint;
    private final primitive forward;
    private final memory forwardWeights;
    private primitive backwardData;
    private memory backwardWeights;
    /** The rearranged weight, plain {@code [out, 4 in, 2, 2]}, and the reorders of it into each primitive's layout. */
    private final memory plainWeights;
    private final primitive weightMove;
    private final memory.desc weightFromDesc;
    private final memory.desc weightToDesc;
    private final primitive forwardWeightsReorder;
    private primitive backwardWeightsReorder;
    /** The weight tensor and version {@link #plainWeights} holds ({@code null}: none yet), and how often it changed. */
    private OnednnTensor rearrangedSource;
    private long rearrangedVersion;
    private long rearrangements;
    /** The rearrangement (by count) last reordered into each primitive's weight layout ({@code -1}: none). */
    private long forwardCopy = -1;
    private long backwardCopy = -1;

    private SpaceToDepth(OnednnContext context, Shape inputShape, long out, memory.desc forwardDst, memory.desc bias) {
        this.context = context;
        this.inputShape = inputShape;
        long n = inputShape.dim(0);
        long c = inputShape.dim(1);
        long blocks = c / 16;
        memory.desc blockedDesc = context.retain(new memory.desc(inputShape.toLongArray(), memory.data_type.f32,
                memory.format_tag.nChw16c));
        this.blockedInput = context.layout(blockedDesc, inputShape);
        // One parity (i, j) of the input [n, blocks, 8, 8, 16]: rows 2p' + i, columns 2q' + j, as [n, blocks, 4, 4,
        // 16] from offset inputOffset(i, j).
        long[] viewDims = {n, blocks, 4, 4, 16};
        this.inputView = context.retain(new memory.desc(viewDims, memory.data_type.f32,
                new long[] {blocks * 1024, 1024, 256, 32, 1}));
        // The rearranged input [n, 4 blocks, 5, 5, 16]: parity (i, j) in blocks (2i + j) blocks on, rows p' + i and
        // columns q' + j of the 5x5 grid (oneDNN refuses one view of all four parities: its strides would overlap).
        long[] packedDims = {n, 4 * c, 5, 5};
        memory.desc packedDesc = context.retain(new memory.desc(packedDims, memory.data_type.f32,
                memory.format_tag.nChw16c));
        memory.desc packedViewDesc = context.retain(new memory.desc(viewDims, memory.data_type.f32,
                new long[] {4 * blocks * 400, 400, 80, 16, 1}));
        this.packed = context.retain(new memory(packedDesc, context.engine()));
        Pointer.memset(packed.get_data_handle(), 0, packedDesc.get_size());
        this.packedGradient = context.retain(new memory(packedDesc, context.engine()));
        for (int parity = 0; parity < 4; parity++) {
            long offset = ((parity * blocks * 400) + (parity / 2) * 80 + (parity % 2) * 16) * Float.BYTES;
            try (BytePointer at = new BytePointer(packed.get_data_handle());
                    BytePointer gradientAt = new BytePointer(packedGradient.get_data_handle())) {
                packedViews[parity] = context.retain(new memory(packedViewDesc, context.engine(),
                        at.position(offset)));
                packedGradientViews[parity] = context.retain(new memory(packedViewDesc, context.engine(),
                        gradientAt.position(offset)));
            }
        }
        this.pack = context.retain(new reorder(context.retain(new reorder.primitive_desc(context.engine(), inputView,
                context.engine(), packedViewDesc))));
        this.unpack = context.retain(new reorder(context.retain(new reorder.primitive_desc(context.engine(),
                packedViewDesc, context.engine(), inputView))));

        long[] weightDims = {out, 4 * c, 2, 2};
        memory.desc anyWeights = context.retain(new memory.desc(weightDims, memory.data_type.f32,
                memory.format_tag.any));
        long[] stride = {1, 1};
        long[] none = {0, 0};
        this.hint = context.retain(bias == null
                ? new convolution_forward.primitive_desc(context.engine(), prop_kind.forward_training,
                        algorithm.convolution_direct, packedDesc, anyWeights, forwardDst, stride, none, none)
                : new convolution_forward.primitive_desc(context.engine(), prop_kind.forward_training,
                        algorithm.convolution_direct, packedDesc, anyWeights, bias, forwardDst, stride, none, none));
        this.forward = context.retain(new convolution_forward(hint));
        memory.desc plainWeightDesc = context.retain(PlainMemory.desc(weightDims));
        this.plainWeights = context.retain(new memory(plainWeightDesc, context.engine()));
        this.forwardWeights = context.retain(new memory(context.retain(hint.weights_desc()), context.engine()));
        this.forwardWeightsReorder = context.retain(new reorder(context.retain(new reorder.primitive_desc(
                context.engine(), plainWeightDesc, context.engine(), context.retain(hint.weights_desc())))));
        // One parity (i, j) of the original weight [out, c, 4, 4]: taps (2a + 1 - i, 2b + 1 - j), as [out, c, 2, 2];
        // and its place in the rearranged one: channels (2i + j) c to (2i + j + 1) c.
        this.weightFromDesc = context.retain(new memory.desc(new long[] {out, c, 2, 2}, memory.data_type.f32,
                new long[] {c * 16, 16, 8, 2}));
        this.weightToDesc = context.retain(new memory.desc(new long[] {out, c, 2, 2}, memory.data_type.f32,
                new long[] {4 * c * 4, 4, 2, 1}));
        this.weightMove = context.retain(new reorder(context.retain(new reorder.primitive_desc(context.engine(),
                weightFromDesc, context.engine(), weightToDesc))));
    }

    /**
     * The rearranged layer for input {@code input} ({@code [n, c, 8, 8]}, {@code c} a multiple of 16) and {@code out}
     * output channels in {@code forwardDst}'s layout (the plain layer's), or {@code null} when oneDNN has no optimised
     * stride-1 kernel for it.
     */
    static SpaceToDepth of(OnednnContext context, Shape input, long out, memory.desc forwardDst, memory.desc bias) {
        SpaceToDepth made = new SpaceToDepth(context, input, out, forwardDst, bias);
        return made.hint.impl_info_str().getString().startsWith("ref") ? null : made;
    }

    /** {@code conv(src, weight) + bias} into {@code dst} (in the plain layer's output layout). */
    void forward(OnednnTensor src, OnednnTensor weight, memory bias, OnednnTensor dst) {
        OnednnTensor blocked = context.conform(src, blockedInput);
        try (BytePointer base = new BytePointer(blocked.memory().get_data_handle())) {
            for (int parity = 0; parity < 4; parity++) {
                try (memory view = new memory(inputView, context.engine(), base.position(inputOffset(parity)))) {
                    context.execute(pack, Arguments.of(DNNL_ARG_FROM, view, DNNL_ARG_TO, packedViews[parity]));
                }
            }
        }
        rearrange(weight);
        if (forwardCopy != rearrangements) {
            context.execute(forwardWeightsReorder, Arguments.of(DNNL_ARG_FROM, plainWeights, DNNL_ARG_TO,
                    forwardWeights));
            forwardCopy = rearrangements;
        }
        context.execute(forward, Arguments.of(DNNL_ARG_SRC, packed, DNNL_ARG_WEIGHTS, forwardWeights,
                DNNL_ARG_BIAS, bias, DNNL_ARG_DST, dst.memory()));
    }

    /** The input's gradient (a new tensor in 16-channel blocks) from the output's, in the plain layer's layout. */
    OnednnTensor backwardData(memory diffDst, OnednnTensor weight) {
        if (backwardData == null) {
            convolution_backward_data.primitive_desc pd = context.retain(new convolution_backward_data.primitive_desc(
                    context.engine(), algorithm.convolution_direct, packed.get_desc(),
                    context.retain(new memory.desc(hint.weights_desc().get_dims(), memory.data_type.f32,
                            memory.format_tag.any)),
                    hint.dst_desc(), new long[] {1, 1}, new long[] {0, 0}, new long[] {0, 0}, hint));
            backwardData = context.retain(new convolution_backward_data(pd));
            backwardWeights = context.retain(new memory(context.retain(pd.weights_desc()), context.engine()));
            backwardWeightsReorder = context.retain(new reorder(context.retain(new reorder.primitive_desc(
                    context.engine(), plainWeights.get_desc(), context.engine(), context.retain(pd.weights_desc())))));
        }
        rearrange(weight);
        if (backwardCopy != rearrangements) {
            context.execute(backwardWeightsReorder, Arguments.of(DNNL_ARG_FROM, plainWeights, DNNL_ARG_TO,
                    backwardWeights));
            backwardCopy = rearrangements;
        }
        context.execute(backwardData, Arguments.of(DNNL_ARG_DIFF_DST, diffDst, DNNL_ARG_WEIGHTS, backwardWeights,
                DNNL_ARG_DIFF_SRC, packedGradient));
        OnednnTensor diffSrc = context.newTensor(inputShape, blockedInput);
        try (BytePointer base = new BytePointer(diffSrc.memory().get_data_handle())) {
            for (int parity = 0; parity < 4; parity++) {
                try (memory view = new memory(inputView, context.engine(), base.position(inputOffset(parity)))) {
                    context.execute(unpack, Arguments.of(DNNL_ARG_FROM, packedGradientViews[parity], DNNL_ARG_TO,
                            view));
                }
            }
        }
        return diffSrc;
    }

    /** Where parity {@code 2i + j} starts in the input in 16-channel blocks: row i, column j, in bytes. */
    private static long inputOffset(int parity) {
        return ((parity / 2) * 128L + (parity % 2) * 16L) * Float.BYTES;
    }

    /** Writes {@link #plainWeights} from the plain weight {@code [out, c, 4, 4]} (one parity at a time) if stale. */
    private void rearrange(OnednnTensor weight) {
        if (rearrangedSource == weight && rearrangedVersion == weight.version()) {
            return;
        }
        long c = inputShape.dim(1);
        memory source = weight.plainMemoryToRead();
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                long fromOffset = ((1 - i) * 4L + (1 - j)) * Float.BYTES;
                long toOffset = (2L * i + j) * c * 4 * Float.BYTES;
                try (BytePointer from = new BytePointer(source.get_data_handle());
                        BytePointer to = new BytePointer(plainWeights.get_data_handle());
                        memory fromView = new memory(weightFromDesc, context.engine(), from.position(fromOffset));
                        memory toView = new memory(weightToDesc, context.engine(), to.position(toOffset))) {
                    context.execute(weightMove, Arguments.of(DNNL_ARG_FROM, fromView, DNNL_ARG_TO, toView));
                }
            }
        }
        rearrangedSource = weight;
        rearrangedVersion = weight.version();
        rearrangements++;
    }
}
