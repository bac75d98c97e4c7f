package dev.cgan.backend.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.batch_normalization_backward;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.global.dnnl.normalization_flags;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;

/**
 * oneDNN's batch normalisation with scale (gamma) and shift (beta), forward and backward, in two modes: with batch
 * statistics (training: the forward pass computes the mean and the biased variance and hands them out) and with
 * given statistics (evaluation: the running ones, oneDNN's {@code use_global_stats}). It works in the layout its input
 * comes in (blocked after a convolution); primitives are made once per input shape, layout and mode.
 */
final class BatchNormKernel {

    private final class Plan {
        final batch_normalization_forward.primitive_desc hint;
        final primitive forward;
        final int flags;
        final memory.desc data;
        /** With ReLU fused: the layout of the workspace forward writes (where the output is positive) for backward. */
        final Layout workspace;
        primitive backward;

        Plan(OnednnTensor example, boolean globalStatistics, boolean relu) {
            data = example.layout() != null ? example.layout().desc()
                    : context.retain(PlainMemory.desc(example.shape().toLongArray()));
            flags = normalization_flags.use_scale.value | normalization_flags.use_shift.value
                    | (globalStatistics ? normalization_flags.use_global_stats.value : 0)
                    | (relu ? normalization_flags.fuse_norm_relu.value : 0);
            hint = context.retain(new batch_normalization_forward.primitive_desc(context.engine(),
                    prop_kind.forward_training.value, data, data, eps, flags));
            forward = context.retain(new batch_normalization_forward(hint));
            workspace = relu ? context.layout(context.retain(hint.workspace_desc()), example.shape()) : null;
        }

        primitive backward() {
            if (backward == null) {
                backward = context.retain(new batch_normalization_backward(context.retain(
                        new batch_normalization_backward.primitive_desc(context.engine(), prop_kind.backward.value,
                                data, data, data, eps, flags, hint))));
            }
            return backward;
        }
    }

    /**
     * A forward pass's output; with ReLU fused, the workspace its backward reads ({@code null} otherwise); and the
     * input's layout then, which backward works in (the workspace is laid out as that input was).
     */
    record Output(OnednnTensor dst, OnednnTensor workspace, Layout layout) {
    }

    private final OnednnContext context;
    private final float eps;
    /** Plans by input shape and layout, mode (batch or given statistics) and whether ReLU is fused. */
    private final Map<List<Object>, Plan> plans = new HashMap<>();

    BatchNormKernel(OnednnContext context, double eps) {
        this.context = context;
        this.eps = (float) eps;
    }

    /**
     * Normalises {@code src} into a new tensor in the same layout, followed by ReLU when {@code relu} (one primitive;
     * the output is then the ReLU's). With {@code batchStatistics}, {@code mean} and {@code variance} receive the
     * batch's mean and biased variance; otherwise they are read (the running statistics).
     */
    Output forward(boolean batchStatistics, boolean relu, OnednnTensor src, OnednnTensor gamma, OnednnTensor beta,
                   OnednnTensor mean, OnednnTensor variance) {
        Plan plan = plan(src, batchStatistics, relu);
        OnednnTensor dst = context.newTensor(src.shape(), src.layout());
        OnednnTensor workspace = relu ? context.newTensor(src.shape(), plan.workspace) : null;
        context.execute(plan.forward, Arguments.of(DNNL_ARG_SRC, src, DNNL_ARG_SCALE, gamma, DNNL_ARG_SHIFT, beta,
                DNNL_ARG_MEAN, mean, DNNL_ARG_VARIANCE, variance, DNNL_ARG_DST, dst, DNNL_ARG_WORKSPACE, workspace));
        return new Output(dst, workspace, src.layout());
    }

    /**
     * The gradient of the input (returned, in the input's layout) and those of gamma and beta (written) from the
     * output's, with the statistics the forward pass used; {@code forward} is that pass's output (with ReLU fused,
     * {@code gradOutput} is the ReLU output's gradient and the workspace says where it flows).
     */
    OnednnTensor backward(boolean batchStatistics, Output forward, OnednnTensor src, OnednnTensor gradOutput,
                          OnednnTensor gamma, OnednnTensor mean, OnednnTensor variance, OnednnTensor diffGamma,
                          OnednnTensor diffBeta) {
        // The input in the forward's layout (another reader may have turned it plain in place since).
        OnednnTensor input = context.conform(src, forward.layout());
        Plan plan = plan(input, batchStatistics, forward.workspace() != null);
        OnednnTensor diffDst = context.conform(gradOutput, input.layout());
        OnednnTensor diffSrc = context.newTensor(input.shape(), input.layout());
        context.execute(plan.backward(), Arguments.of(DNNL_ARG_SRC, input, DNNL_ARG_DIFF_DST, diffDst,
                DNNL_ARG_SCALE, gamma, DNNL_ARG_MEAN, mean, DNNL_ARG_VARIANCE, variance, DNNL_ARG_DIFF_SRC, diffSrc,
                DNNL_ARG_DIFF_SCALE, diffGamma, DNNL_ARG_DIFF_SHIFT, diffBeta, DNNL_ARG_WORKSPACE,
                forward.workspace()));
        return diffSrc;
    }

    private Plan plan(OnednnTensor src, boolean batchStatistics, boolean relu) {
        List<Object> key = List.of(Layout.Key.of(src), batchStatistics, relu);
        Plan plan = plans.get(key);
        if (plan == null) {
            plan = new Plan(src, !batchStatistics, relu);
            plans.put(key, plan);
        }
        return plan;
    }
}
