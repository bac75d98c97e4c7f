package dev.cgan.api.spi;

import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorOps;
import java.util.Arrays;

/**
 * {@link TensorOps} with the argument rules checked once: both tensors this engine's and open, shapes that fit. An
 * engine implements the {@code *Of} methods on its own tensors, each recorded on the tape with its backward.
 *
 * @param <T> the engine's tensor type
 * @param <C> the engine's context type, which the {@code *Of} methods read from {@link #context}
 */
public abstract class EngineTensorOps<T extends EngineTensor, C extends EngineContext<T, ?>> implements TensorOps {

    /** The context these operations belong to. */
    protected final C context;

    protected EngineTensorOps(C context) {
        this.context = context;
    }

    @Override
    public final Tensor concatChannels(Tensor a, Tensor b) {
        T ta = context.own(a);
        T tb = context.own(b);
        int[] da = ta.shape().dims();
        int[] db = tb.shape().dims();
        if (da.length < 2 || da.length != db.length || da[0] != db[0]
                || !Arrays.equals(Arrays.copyOfRange(da, 2, da.length), Arrays.copyOfRange(db, 2, db.length))) {
            throw new IllegalArgumentException("concatChannels needs [N, Ca, ...] and [N, Cb, ...] with equal N and "
                    + "trailing dimensions, got " + ta.shape() + " and " + tb.shape());
        }
        return concatChannelsOf(ta, tb);
    }

    @Override
    public final Tensor reshape(Tensor t, Shape shape) {
        T x = context.own(t);
        if (x.shape().size() != shape.size()) {
            throw new IllegalArgumentException("cannot reshape " + x.shape() + " (" + x.shape().size()
                    + " elements) to " + shape + " (" + shape.size() + ")");
        }
        return reshapeOf(x, shape);
    }

    @Override
    public final Tensor broadcastLabels(Tensor labels, int height, int width) {
        T y = context.own(labels);
        if (y.shape().rank() != 2 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("broadcastLabels needs [N, C] labels and a positive size, got "
                    + y.shape() + " to " + height + "x" + width);
        }
        return broadcastLabelsOf(y, height, width);
    }

    @Override
    public final Tensor add(Tensor a, Tensor b) {
        T ta = context.own(a);
        T tb = context.own(b);
        if (!ta.shape().equals(tb.shape())) {
            throw new IllegalArgumentException("add needs equal shapes, got " + ta.shape() + " and " + tb.shape());
        }
        return addOf(ta, tb);
    }

    @Override
    public final Tensor sumSpatial(Tensor t) {
        T x = context.own(t);
        if (x.shape().rank() != 4) {
            throw new IllegalArgumentException("sumSpatial needs [N, C, H, W], got " + x.shape());
        }
        return sumSpatialOf(x);
    }

    @Override
    public final Tensor rowDot(Tensor a, Tensor b) {
        T ta = context.own(a);
        T tb = context.own(b);
        if (ta.shape().rank() != 2 || !ta.shape().equals(tb.shape())) {
            throw new IllegalArgumentException("rowDot needs two [N, F] of equal shape, got " + ta.shape() + " and "
                    + tb.shape());
        }
        return rowDotOf(ta, tb);
    }

    @Override
    public final Tensor mean(Tensor t) {
        return meanOf(context.own(t));
    }

    @Override
    public final Tensor dot(Tensor a, Tensor b) {
        T ta = context.own(a);
        T tb = context.own(b);
        if (!ta.shape().equals(tb.shape())) {
            throw new IllegalArgumentException("dot needs equal shapes, got " + ta.shape() + " and " + tb.shape());
        }
        return dotOf(ta, tb);
    }

    /** {@code [N, Ca, ...]} and {@code [N, Cb, ...]} (checked) concatenated along dimension 1. */
    protected abstract T concatChannelsOf(T a, T b);

    /** The same values, row-major, in {@code shape} (same size, checked). */
    protected abstract T reshapeOf(T t, Shape shape);

    /** {@code [N, C]} labels (checked) as constant maps {@code [N, C, height, width]}. */
    protected abstract T broadcastLabelsOf(T labels, int height, int width);

    /** {@code a + b}, equal shapes (checked). */
    protected abstract T addOf(T a, T b);

    /** {@code [N, C, H, W]} (checked) summed over H and W: {@code [N, C]}. */
    protected abstract T sumSpatialOf(T t);

    /** {@code sum(a * b, dim=1, keepdim=True)} of two {@code [N, F]} (checked): {@code [N, 1]}. */
    protected abstract T rowDotOf(T a, T b);

    /** The mean of all elements, as a scalar (rank 0). */
    protected abstract T meanOf(T t);

    /** {@code sum(a * b)}, equal shapes (checked), as a scalar (rank 0). */
    protected abstract T dotOf(T a, T b);
}
