package dev.cgan.backend.jcuda;

import dev.cgan.api.spi.EngineTensorOps;
import dev.cgan.api.tensor.Shape;

/**
 * The neutral tensor operations as CUDA kernels (arguments checked by the kit), each recording its backward closure
 * while a tape is open; and the small untaped helpers (gradient accumulation, sums) that backward passes and layers
 * share.
 */
final class CudaTensorOps extends EngineTensorOps<CudaTensor, CudaContext> {

    CudaTensorOps(CudaContext context) {
        super(context);
    }

    @Override
    protected CudaTensor concatChannelsOf(CudaTensor x, CudaTensor y) {
        ChannelLayout layout = ChannelLayout.concat(x.shape(), y.shape());
        CudaTensor out = context.allocate(layout.output());
        int n = out.count();
        launch(KernelSource.LAYOUT, "concat_channels", n, x.data(), y.data(), out.data(), layout.channelsA(),
                layout.channelsB(), layout.spatial(), n);
        var tape = context.recording(x, y);
        if (tape != null) {
            tape.record(out, (g, grads) -> {
                CudaTensor ga = context.allocate(x.shape());
                CudaTensor gb = context.allocate(y.shape());
                launch(KernelSource.LAYOUT, "split_channels", n, g.data(), ga.data(), gb.data(), layout.channelsA(),
                        layout.channelsB(), layout.spatial(), n);
                grads.add(x, ga);
                grads.add(y, gb);
            });
        }
        return out;
    }

    @Override
    protected CudaTensor reshapeOf(CudaTensor x, Shape shape) {
        CudaTensor out = context.allocate(shape);
        context.copyOnDevice(out.data(), x.data(), x.bytes());
        var tape = context.recording(x);
        if (tape != null) {
            tape.record(out, (g, grads) -> grads.add(x, context.view(g, x.shape())));
        }
        return out;
    }

    @Override
    protected CudaTensor broadcastLabelsOf(CudaTensor l, int height, int width) {
        int spatial = Math.multiplyExact(height, width);
        CudaTensor out = context.allocate(Shape.of(l.shape().dim(0), l.shape().dim(1), height, width));
        int n = out.count();
        launch(KernelSource.LAYOUT, "broadcast_labels", n, l.data(), out.data(), spatial, n);
        var tape = context.recording(l);
        if (tape != null) {
            tape.record(out, (g, grads) -> {
                CudaTensor gl = context.allocate(l.shape());
                context.kernels().launch(KernelSource.REDUCTION, "row_sum", LaunchGeometry.perOutput(l.count()),
                        g.data(), gl.data(), spatial);
                grads.add(l, gl);
            });
        }
        return out;
    }

    @Override
    protected CudaTensor addOf(CudaTensor x, CudaTensor y) {
        CudaTensor out = sum(x, y);
        var tape = context.recording(x, y);
        if (tape != null) {
            tape.record(out, (g, grads) -> {
                grads.add(x, g);
                grads.add(y, g);
            });
        }
        return out;
    }

    @Override
    protected CudaTensor sumSpatialOf(CudaTensor x) {
        Shape s = x.shape();
        int spatial = s.dim(2) * s.dim(3);
        CudaTensor out = context.allocate(Shape.of(s.dim(0), s.dim(1)));
        if (out.count() > 0) {
            context.kernels().launch(KernelSource.REDUCTION, "row_sum", LaunchGeometry.perOutput(out.count()),
                    x.data(), out.data(), spatial);
        }
        var tape = context.recording(x);
        if (tape != null) {
            tape.record(out, (g, grads) -> {
                CudaTensor gx = context.allocate(s);
                int n = gx.count();
                launch(KernelSource.LAYOUT, "broadcast_labels", n, g.data(), gx.data(), spatial, n);
                grads.add(x, gx);
            });
        }
        return out;
    }

    @Override
    protected CudaTensor rowDotOf(CudaTensor a, CudaTensor b) {
        int rows = a.shape().dim(0);
        int columns = a.shape().dim(1);
        CudaTensor out = context.allocate(Shape.of(rows, 1));
        if (rows > 0) {
            context.kernels().launch(KernelSource.REDUCTION, "row_dot", LaunchGeometry.perOutput(rows), a.data(),
                    b.data(), out.data(), columns);
        }
        var tape = context.recording(a, b);
        if (tape != null) {
            tape.record(out, (g, grads) -> {
                if (grads.wants(a)) {
                    grads.add(a, rowsScaled(b, g, columns));
                }
                if (grads.wants(b)) {
                    grads.add(b, rowsScaled(a, g, columns));
                }
            });
        }
        return out;
    }

    /** {@code src[r, :] * g[r]}: a row inner product's gradient for one input. */
    private CudaTensor rowsScaled(CudaTensor src, CudaTensor g, int columns) {
        CudaTensor out = context.allocate(src.shape());
        int n = out.count();
        launch(KernelSource.ELEMENTWISE, "scale_rows", n, src.data(), g.data(), out.data(), columns, n);
        return out;
    }

    @Override
    protected CudaTensor meanOf(CudaTensor x) {
        if (x.count() == 0) {
            throw new IllegalArgumentException("mean of an empty tensor " + x.shape());
        }
        CudaTensor out = context.allocate(Shape.scalar());
        context.kernels().launch(KernelSource.REDUCTION, "sum_all", LaunchGeometry.single(), x.data(), out.data(),
                (float) x.count(), x.count());
        var tape = context.recording(x);
        if (tape != null) {
            tape.record(out, (g, grads) -> {
                CudaTensor gx = context.allocate(x.shape());
                launch(KernelSource.ELEMENTWISE, "fill_divided", gx.count(), g.data(), gx.data(), (float) x.count(),
                        gx.count());
                grads.add(x, gx);
            });
        }
        return out;
    }

    @Override
    protected CudaTensor dotOf(CudaTensor x, CudaTensor y) {
        CudaTensor out = context.allocate(Shape.scalar());
        context.kernels().launch(KernelSource.REDUCTION, "dot_all", LaunchGeometry.single(), x.data(), y.data(),
                out.data(), x.count());
        var tape = context.recording(x, y);
        if (tape != null) {
            tape.record(out, (g, grads) -> {
                if (grads.wants(x)) {
                    grads.add(x, scaleBy(y, g));
                }
                if (grads.wants(y)) {
                    grads.add(y, scaleBy(x, g));
                }
            });
        }
        return out;
    }

    // ---- untaped helpers ------------------------------------------------------------------------------------------

    /** {@code a + b} into a new scoped tensor, not recorded. */
    CudaTensor sum(CudaTensor a, CudaTensor b) {
        CudaTensor out = context.allocate(a.shape());
        int n = out.count();
        launch(KernelSource.ELEMENTWISE, "add", n, a.data(), b.data(), out.data(), n);
        return out;
    }

    /** {@code dst += src} in place. */
    void accumulate(CudaTensor dst, CudaTensor src) {
        int n = dst.count();
        launch(KernelSource.ELEMENTWISE, "accumulate", n, dst.data(), src.data(), n);
    }

    /** {@code src * g[0]} for a device scalar {@code g}. */
    CudaTensor scaleBy(CudaTensor src, CudaTensor g) {
        CudaTensor out = context.allocate(src.shape());
        int n = out.count();
        launch(KernelSource.ELEMENTWISE, "scale_by", n, src.data(), g.data(), out.data(), n);
        return out;
    }

    /** Per-channel sums of {@code x} viewed as {@code [N, C, S]}: bias gradients. */
    CudaTensor channelSum(CudaTensor x, int batch, int channels, int spatial) {
        CudaTensor out = context.allocate(Shape.of(channels));
        context.kernels().launch(KernelSource.REDUCTION, "channel_sum", LaunchGeometry.perOutput(channels), x.data(),
                out.data(), batch, channels, spatial);
        return out;
    }

    /** {@code y[n, c, s] += bias[c]} in place. */
    void addChannelBias(CudaTensor y, CudaTensor bias, int channels, int spatial) {
        int n = y.count();
        launch(KernelSource.ELEMENTWISE, "add_channel_bias", n, y.data(), bias.data(), channels, spatial, n);
    }

    /** Launches an element-wise kernel over {@code n} elements. */
    void launch(KernelSource source, String kernel, int n, Object... args) {
        if (n > 0) {
            context.kernels().launch(source, kernel, LaunchGeometry.elementwise(n), args);
        }
    }
}
