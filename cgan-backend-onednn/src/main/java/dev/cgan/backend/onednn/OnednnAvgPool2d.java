package dev.cgan.backend.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;

import dev.cgan.api.layer.AvgPool2d;
import dev.cgan.api.spi.EngineLayer;
import dev.cgan.api.tensor.Shape;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_backward;
import org.bytedeco.dnnl.pooling_forward;
import org.bytedeco.dnnl.primitive;

/**
 * Average pooling on oneDNN's pooling primitives, forward and backward, made once per input shape on plain
 * (row-major) memory: {@code pooling_avg_exclude_padding} with window and stride {@code k}, no padding, so every
 * window holds {@code k^2} elements and the divisor is PyTorch's. The output size {@code floor(H / k)} is passed as
 * the destination's; oneDNN then leaves the rows and columns past the last whole window unread, and its backward
 * gives them a gradient of 0, as PyTorch does.
 */
final class OnednnAvgPool2d extends EngineLayer<OnednnTensor, OnednnContext, AvgPool2d> {

    private final class Plan {
        final primitive forward;
        final primitive backward;

        Plan(Shape in, Shape out) {
            memory.desc src = context.plainDesc(in);
            memory.desc dst = context.plainDesc(out);
            long k = spec.kernel();
            long[] window = {k, k};
            long[] dilation = {0, 0};
            long[] padding = {0, 0};
            pooling_forward.primitive_desc hint = context.retain(new pooling_forward.primitive_desc(context.engine(),
                    prop_kind.forward_training, algorithm.pooling_avg_exclude_padding, src, dst, window, window,
                    dilation, padding, padding));
            forward = context.retain(new pooling_forward(hint));
            backward = context.retain(new pooling_backward(context.retain(new pooling_backward.primitive_desc(
                    context.engine(), algorithm.pooling_avg_exclude_padding, src, dst, window, window, dilation,
                    padding, padding, hint))));
        }
    }

    private final Map<Shape, Plan> plans = new HashMap<>();

    OnednnAvgPool2d(OnednnContext context, AvgPool2d spec) {
        super(context, spec);
    }

    @Override
    protected OnednnTensor compute(OnednnTensor x, boolean training) {
        Shape in = x.shape();
        Shape out = outputShape(x);
        Plan plan = plans.computeIfAbsent(in, s -> new Plan(in, out));
        return context.compute(() -> {
            OnednnTensor src = context.conform(x, null);
            OnednnTensor y = context.newTensor(out);
            context.execute(plan.forward, Arguments.of(DNNL_ARG_SRC, src, DNNL_ARG_DST, y));
            return y;
        }, g -> {
            OnednnTensor diffDst = context.conform(g, null);
            OnednnTensor dx = context.newTensor(in);
            context.execute(plan.backward, Arguments.of(DNNL_ARG_DIFF_DST, diffDst, DNNL_ARG_DIFF_SRC, dx));
            return new OnednnTensor[] {dx};
        }, x);
    }
}
