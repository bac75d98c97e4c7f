package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorOps;
import java.util.Arrays;

/** cgan's neutral tensor operations on DJL arrays; each is one libtorch call, differentiable while a tape records. */
final class DjlTensorOps implements TensorOps {

    private final DjlContext context;

    DjlTensorOps(DjlContext context) {
        this.context = context;
    }

    @Override
    public Tensor concatChannels(Tensor a, Tensor b) {
        Shape sa = a.shape();
        Shape sb = b.shape();
        int[] da = sa.dims();
        int[] db = sb.dims();
        if (da.length < 2 || da.length != db.length || da[0] != db[0]
                || !Arrays.equals(Arrays.copyOfRange(da, 2, da.length), Arrays.copyOfRange(db, 2, db.length))) {
            throw new IllegalArgumentException("concatChannels needs [N, Ca, ...] and [N, Cb, ...] with equal N and "
                    + "trailing dimensions, got " + sa + " and " + sb);
        }
        return context.compute(() -> context.array(a).concat(context.array(b), 1));
    }

    @Override
    public Tensor reshape(Tensor t, Shape shape) {
        if (t.shape().size() != shape.size()) {
            throw new IllegalArgumentException("cannot reshape " + t.shape() + " (" + t.shape().size()
                    + " elements) to " + shape + " (" + shape.size() + ")");
        }
        return context.compute(() -> context.array(t).reshape(Shapes.toDjl(shape)));
    }

    @Override
    public Tensor broadcastLabels(Tensor labels, int height, int width) {
        Shape s = labels.shape();
        if (s.rank() != 2 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("broadcastLabels needs [N, C] labels and a positive size, got "
                    + s + " to " + height + "x" + width);
        }
        return context.compute(() -> {
            NDArray maps = context.array(labels).reshape(s.dim(0), s.dim(1), 1, 1);
            // expand is a view; the label maps are only read (concatenated), so no copy is made here.
            return maps.broadcast(s.dim(0), s.dim(1), height, width);
        });
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException("add needs equal shapes, got " + a.shape() + " and " + b.shape());
        }
        return context.compute(() -> context.array(a).add(context.array(b)));
    }

    @Override
    public Tensor mean(Tensor t) {
        return context.compute(() -> context.array(t).mean());
    }

    @Override
    public Tensor dot(Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException("dot needs equal shapes, got " + a.shape() + " and " + b.shape());
        }
        // d/da sum(a * b) = 1 * b: exactly b, as the conformance suite relies on.
        return context.compute(() -> context.array(a).mul(context.array(b)).sum());
    }
}
