package dev.cgan.backend.nd4j;

import dev.cgan.api.spi.EngineTensorOps;
import dev.cgan.api.tensor.Shape;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** cgan's neutral tensor operations on ND4J arrays, each with its backward closure for the tape. */
final class Nd4jTensorOps extends EngineTensorOps<Nd4jTensor, Nd4jContext> {

    Nd4jTensorOps(Nd4jContext context) {
        super(context);
    }

    @Override
    protected Nd4jTensor concatChannelsOf(Nd4jTensor a, Nd4jTensor b) {
        int ca = a.shape().dim(1);
        int cb = b.shape().dim(1);
        return context.compute(() -> Nd4j.concat(1, a.array(), b.array()),
                g -> new INDArray[] {channels(g, 0, ca), channels(g, ca, ca + cb)}, a, b);
    }

    @Override
    protected Nd4jTensor reshapeOf(Nd4jTensor x, Shape shape) {
        long[] from = x.array().shape();
        return context.compute(() -> x.array().reshape('c', shape.toLongArray()),
                g -> new INDArray[] {g.reshape('c', from)}, x);
    }

    @Override
    protected Nd4jTensor broadcastLabelsOf(Nd4jTensor y, int height, int width) {
        return context.compute(() -> labelMaps(y.array(), height, width), g -> new INDArray[] {g.sum(2, 3)}, y);
    }

    @Override
    protected Nd4jTensor addOf(Nd4jTensor a, Nd4jTensor b) {
        return context.compute(() -> a.array().add(b.array()), g -> new INDArray[] {g, g}, a, b);
    }

    @Override
    protected Nd4jTensor sumSpatialOf(Nd4jTensor x) {
        long[] s = x.array().shape();
        return context.compute(() -> x.array().sum(2, 3),
                g -> new INDArray[] {labelMaps(g, (int) s[2], (int) s[3])}, x);
    }

    @Override
    protected Nd4jTensor rowDotOf(Nd4jTensor a, Nd4jTensor b) {
        return context.compute(() -> a.array().mul(b.array()).sum(true, 1),
                g -> new INDArray[] {b.array().mulColumnVector(g), a.array().mulColumnVector(g)}, a, b);
    }

    @Override
    protected Nd4jTensor meanOf(Nd4jTensor x) {
        long n = x.array().length();
        return context.compute(() -> x.array().mean(),
                g -> new INDArray[] {Nd4j.valueArrayOf(x.array().shape(), g.getDouble(0) / n, x.array().dataType())},
                x);
    }

    @Override
    protected Nd4jTensor dotOf(Nd4jTensor a, Nd4jTensor b) {
        // d/da sum(a * b) = b exactly (times the upstream scalar, 1 when this is the loss).
        return context.compute(() -> a.array().mul(b.array()).sum(),
                g -> new INDArray[] {scaled(b.array(), g), scaled(a.array(), g)}, a, b);
    }

    /**
     * Each label value repeated over an {@code height x width} map, written in place (ND4J's
     * {@code broadcast} to a large NCHW shape is much slower).
     */
    static INDArray labelMaps(INDArray labels, int height, int width) {
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
