package dev.cgan.backend.onednn;

import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorOps;
import java.nio.FloatBuffer;
import java.util.Arrays;

/** cgan's neutral tensor operations as Java loops over the tensors' memory, each with its backward closure. */
final class OnednnTensorOps implements TensorOps {

    private final OnednnContext context;

    OnednnTensorOps(OnednnContext context) {
        this.context = context;
    }

    @Override
    public Tensor concatChannels(Tensor a, Tensor b) {
        int[] da = a.shape().dims();
        int[] db = b.shape().dims();
        if (da.length < 2 || da.length != db.length || da[0] != db[0]
                || !Arrays.equals(Arrays.copyOfRange(da, 2, da.length), Arrays.copyOfRange(db, 2, db.length))) {
            throw new IllegalArgumentException("concatChannels needs [N, Ca, ...] and [N, Cb, ...] with equal N and "
                    + "trailing dimensions, got " + a.shape() + " and " + b.shape());
        }
        OnednnTensor ta = context.own(a);
        OnednnTensor tb = context.own(b);
        int n = da[0];
        int blockA = ta.size() / n;
        int blockB = tb.size() / n;
        int[] dims = da.clone();
        dims[1] = da[1] + db[1];
        return context.compute(() -> {
            OnednnTensor out = context.newTensor(Shape.of(dims));
            FloatBuffer o = out.floats();
            FloatBuffer x = ta.floats();
            FloatBuffer y = tb.floats();
            for (int s = 0; s < n; s++) {
                o.put(s * (blockA + blockB), x, s * blockA, blockA);
                o.put(s * (blockA + blockB) + blockA, y, s * blockB, blockB);
            }
            return out;
        }, g -> {
            OnednnTensor ga = context.newTensor(ta.shape());
            OnednnTensor gb = context.newTensor(tb.shape());
            FloatBuffer in = g.floats();
            for (int s = 0; s < n; s++) {
                ga.floats().put(s * blockA, in, s * (blockA + blockB), blockA);
                gb.floats().put(s * blockB, in, s * (blockA + blockB) + blockA, blockB);
            }
            return new OnednnTensor[] {ga, gb};
        }, ta, tb);
    }

    @Override
    public Tensor reshape(Tensor t, Shape shape) {
        if (t.shape().size() != shape.size()) {
            throw new IllegalArgumentException("cannot reshape " + t.shape() + " (" + t.shape().size()
                    + " elements) to " + shape + " (" + shape.size() + ")");
        }
        OnednnTensor x = context.own(t);
        return context.compute(() -> copy(x, shape), g -> new OnednnTensor[] {copy(g, x.shape())}, x);
    }

    @Override
    public Tensor broadcastLabels(Tensor labels, int height, int width) {
        Shape s = labels.shape();
        if (s.rank() != 2 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("broadcastLabels needs [N, C] labels and a positive size, got "
                    + s + " to " + height + "x" + width);
        }
        OnednnTensor y = context.own(labels);
        int plane = height * width;
        return context.compute(() -> {
            OnednnTensor maps = context.newTensor(Shape.of(s.dim(0), s.dim(1), height, width));
            FloatBuffer in = y.floats();
            FloatBuffer out = maps.floats();
            for (int i = 0; i < y.size(); i++) {
                float value = in.get(i);
                for (int k = i * plane; k < (i + 1) * plane; k++) {
                    out.put(k, value);
                }
            }
            return maps;
        }, g -> {
            OnednnTensor dy = context.newTensor(s);
            FloatBuffer in = g.floats();
            FloatBuffer out = dy.floats();
            for (int i = 0; i < dy.size(); i++) {
                double sum = 0;
                for (int k = i * plane; k < (i + 1) * plane; k++) {
                    sum += in.get(k);
                }
                out.put(i, (float) sum);
            }
            return new OnednnTensor[] {dy};
        }, y);
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException("add needs equal shapes, got " + a.shape() + " and " + b.shape());
        }
        OnednnTensor ta = context.own(a);
        OnednnTensor tb = context.own(b);
        return context.compute(() -> context.sum(ta, tb), g -> new OnednnTensor[] {g, g}, ta, tb);
    }

    @Override
    public Tensor mean(Tensor t) {
        OnednnTensor x = context.own(t);
        int n = x.size();
        return context.compute(() -> {
            FloatBuffer in = x.floats();
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += in.get(i);
            }
            return context.filled(Shape.scalar(), (float) (sum / n));
        }, g -> new OnednnTensor[] {context.filled(x.shape(), (float) (g.floats().get(0) / (double) n))}, x);
    }

    @Override
    public Tensor dot(Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException("dot needs equal shapes, got " + a.shape() + " and " + b.shape());
        }
        OnednnTensor ta = context.own(a);
        OnednnTensor tb = context.own(b);
        // d/da sum(a * b) = b exactly (times the upstream scalar, 1 when this is the loss).
        return context.compute(() -> {
            FloatBuffer x = ta.floats();
            FloatBuffer y = tb.floats();
            double sum = 0;
            for (int i = 0; i < ta.size(); i++) {
                sum += (double) x.get(i) * y.get(i);
            }
            return context.filled(Shape.scalar(), (float) sum);
        }, g -> new OnednnTensor[] {scaled(tb, g), scaled(ta, g)}, ta, tb);
    }

    private OnednnTensor copy(OnednnTensor from, Shape shape) {
        OnednnTensor out = context.newTensor(shape);
        PlainMemory.copy(from.memory(), out.memory(), from.size());
        return out;
    }

    private OnednnTensor scaled(OnednnTensor x, OnednnTensor scalar) {
        float s = scalar.floats().get(0);
        if (s == 1f) {
            return x;
        }
        OnednnTensor out = context.newTensor(x.shape());
        FloatBuffer in = x.floats();
        FloatBuffer o = out.floats();
        for (int i = 0; i < x.size(); i++) {
            o.put(i, in.get(i) * s);
        }
        return out;
    }
}
