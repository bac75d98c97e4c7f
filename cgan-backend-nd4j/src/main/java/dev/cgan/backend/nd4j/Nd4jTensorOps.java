package dev.cgan.backend.nd4j;

import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorOps;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** cgan's neutral tensor operations on ND4J arrays, each with its backward closure for the tape. */
final class Nd4jTensorOps implements TensorOps {

    private final Nd4jContext context;

    Nd4jTensorOps(Nd4jContext context) {
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
        Nd4jTensor ta = context.own(a);
        Nd4jTensor tb = context.own(b);
        int ca = da[1];
        int cb = db[1];
        return context.compute(() -> Nd4j.concat(1, ta.array(), tb.array()),
                g -> new INDArray[] {channels(g, 0, ca), channels(g, ca, ca + cb)}, ta, tb);
    }

    @Override
    public Tensor reshape(Tensor t, Shape shape) {
        if (t.shape().size() != shape.size()) {
            throw new IllegalArgumentException("cannot reshape " + t.shape() + " (" + t.shape().size()
                    + " elements) to " + shape + " (" + shape.size() + ")");
        }
        Nd4jTensor x = context.own(t);
        long[] from = x.array().shape();
        return context.compute(() -> x.array().reshape('c', shape.toLongArray()),
                g -> new INDArray[] {g.reshape('c', from)}, x);
    }

    @Override
    public Tensor broadcastLabels(Tensor labels, int height, int width) {
        Shape s = labels.shape();
        if (s.rank() != 2 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("broadcastLabels needs [N, C] labels and a positive size, got "
                    + s + " to " + height + "x" + width);
        }
        Nd4jTensor y = context.own(labels);
        long n = s.dim(0);
        long c = s.dim(1);
        return context.compute(() -> labelMaps(y.array(), height, width),
                g -> new INDArray[] {g.sum(2, 3)}, y);
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException("add needs equal shapes, got " + a.shape() + " and " + b.shape());
        }
        Nd4jTensor ta = context.own(a);
        Nd4jTensor tb = context.own(b);
        return context.compute(() -> ta.array().add(tb.array()), g -> new INDArray[] {g, g}, ta, tb);
    }

    @Override
    public Tensor mean(Tensor t) {
        Nd4jTensor x = context.own(t);
        long n = x.array().length();
        return context.compute(() -> x.array().mean(),
                g -> new INDArray[] {Nd4j.valueArrayOf(x.array().shape(), g.getDouble(0) / n, x.array().dataType())},
                x);
    }

    @Override
    public Tensor dot(Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException("dot needs equal shapes, got " + a.shape() + " and " + b.shape());
        }
        Nd4jTensor ta = context.own(a);
        Nd4jTensor tb = context.own(b);
        // d/da sum(a * b) = b exactly (times the upstream scalar, 1 when this is the loss).
        return context.compute(() -> ta.array().mul(tb.array()).sum(),
                g -> new INDArray[] {scaled(tb.array(), g), scaled(ta.array(), g)}, ta, tb);
    }

    /**
     * Each label value repeated over an {@code height x width} map, written in place (ND4J's
     * {@code broadcast} to a large NCHW shape is much slower).
     */
    private static INDArray labelMaps(INDArray labels, int height, int width) {
        long n = labels.size(0);
        long c = labels.size(1);
        float[] values = DenseFloats.dense(labels);
        int plane = height * width;
        INDArray maps = DenseFloats.newArray(n, c, height, width);
        FloatBuffer out = DenseFloats.floats(maps);
        for (int i = 0; i < values.length; i++) {
            float value = values[i];
            for (int k = i * plane; k < (i + 1) * plane; k++) {
                out.put(k, value);
            }
        }
        return maps;
    }

    private static INDArray scaled(INDArray x, INDArray scalar) {
        double s = scalar.getDouble(0);
        return s == 1.0 ? x : x.mul(s);
    }

    private static INDArray channels(INDArray g, long from, long to) {
        return g.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup('c');
    }
}
