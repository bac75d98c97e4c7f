package dev.cgan.backend.onednn;

import dev.cgan.api.spi.EngineTensorOps;
import dev.cgan.api.tensor.Shape;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * cgan's neutral tensor operations (argument rules checked by the kit) as Java loops over the tensors' memory, each
 * with its backward closure.
 */
final class OnednnTensorOps extends EngineTensorOps<OnednnTensor, OnednnContext> {

    OnednnTensorOps(OnednnContext context) {
        super(context);
    }

    @Override
    protected OnednnTensor concatChannelsOf(OnednnTensor ta, OnednnTensor tb) {
        int[] da = ta.shape().dims();
        int[] db = tb.shape().dims();
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
            // Only for the inputs that take a gradient (the discriminator's label maps never do).
            OnednnTensor ga = ta.needsGrad() ? context.newTensor(ta.shape()) : null;
            OnednnTensor gb = tb.needsGrad() ? context.newTensor(tb.shape()) : null;
            FloatBuffer in = g.floats();
            for (int s = 0; s < n; s++) {
                if (ga != null) {
                    ga.floats().put(s * blockA, in, s * (blockA + blockB), blockA);
                }
                if (gb != null) {
                    gb.floats().put(s * blockB, in, s * (blockA + blockB) + blockA, blockB);
                }
            }
            return new OnednnTensor[] {ga, gb};
        }, ta, tb);
    }

    @Override
    protected OnednnTensor reshapeOf(OnednnTensor x, Shape shape) {
        return context.compute(() -> copy(x, shape), g -> new OnednnTensor[] {copy(g, x.shape())}, x);
    }

    @Override
    protected OnednnTensor broadcastLabelsOf(OnednnTensor y, int height, int width) {
        Shape s = y.shape();
        int plane = height * width;
        return context.compute(() -> {
            OnednnTensor maps = context.newTensor(Shape.of(s.dim(0), s.dim(1), height, width));
            FloatBuffer in = y.floats();
            FloatBuffer out = maps.floats();
            // Each plane is one value: bulk copies of a filled plane (one-hot labels need only two of them).
            float[] filled = new float[plane];
            float filledWith = 0f;
            for (int i = 0; i < y.size(); i++) {
                float value = in.get(i);
                if (Float.floatToRawIntBits(value) != Float.floatToRawIntBits(filledWith)) {
                    Arrays.fill(filled, value);
                    filledWith = value;
                }
                out.put(i * plane, filled, 0, plane);
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
    protected OnednnTensor addOf(OnednnTensor ta, OnednnTensor tb) {
        return context.compute(() -> context.sum(ta, tb), g -> new OnednnTensor[] {g, g}, ta, tb);
    }

    @Override
    protected OnednnTensor sumSpatialOf(OnednnTensor x) {
        Shape s = x.shape();
        int planes = s.dim(0) * s.dim(1);
        int plane = s.dim(2) * s.dim(3);
        return context.compute(() -> {
            OnednnTensor out = context.newTensor(Shape.of(s.dim(0), s.dim(1)));
            FloatBuffer in = x.floats();
            FloatBuffer o = out.floats();
            for (int p = 0; p < planes; p++) {
                double sum = 0;
                for (int k = p * plane; k < (p + 1) * plane; k++) {
                    sum += in.get(k);
                }
                o.put(p, (float) sum);
            }
            return out;
        }, g -> {
            OnednnTensor dx = context.newTensor(s);
            FloatBuffer in = g.floats();
            FloatBuffer o = dx.floats();
            for (int p = 0; p < planes; p++) {
                float value = in.get(p);
                for (int k = p * plane; k < (p + 1) * plane; k++) {
                    o.put(k, value);
                }
            }
            return new OnednnTensor[] {dx};
        }, x);
    }

    @Override
    protected OnednnTensor rowDotOf(OnednnTensor ta, OnednnTensor tb) {
        int rows = ta.shape().dim(0);
        int width = ta.shape().dim(1);
        return context.compute(() -> {
            OnednnTensor out = context.newTensor(Shape.of(rows, 1));
            FloatBuffer x = ta.floats();
            FloatBuffer y = tb.floats();
            for (int r = 0; r < rows; r++) {
                double sum = 0;
                for (int k = r * width; k < (r + 1) * width; k++) {
                    sum += (double) x.get(k) * y.get(k);
                }
                out.floats().put(r, (float) sum);
            }
            return out;
        }, g -> new OnednnTensor[] {rowsScaled(tb, g, width), rowsScaled(ta, g, width)}, ta, tb);
    }

    @Override
    protected OnednnTensor meanOf(OnednnTensor x) {
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
    protected OnednnTensor dotOf(OnednnTensor ta, OnednnTensor tb) {
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

    /** {@code x[r, :] * g[r]} for {@code x [R, width]} and {@code g [R, 1]}: the gradient of a row's inner product. */
    private OnednnTensor rowsScaled(OnednnTensor x, OnednnTensor g, int width) {
        OnednnTensor out = context.newTensor(x.shape());
        FloatBuffer in = x.floats();
        FloatBuffer scale = g.floats();
        FloatBuffer o = out.floats();
        for (int k = 0; k < x.size(); k++) {
            o.put(k, in.get(k) * scale.get(k / width));
        }
        return out;
    }

    @Override
    protected OnednnTensor augmentColorOf(OnednnTensor x, float[] brightness, float[] saturation,
                                          float[] contrast) {
        return OnednnAugmentColor.apply(context, x, brightness, saturation, contrast);
    }

    @Override
    protected OnednnTensor augmentTranslationOf(OnednnTensor x, int[] rows, int[] cols) {
        return OnednnAugmentTranslation.apply(context, x, rows, cols);
    }

    @Override
    protected OnednnTensor augmentCutoutOf(OnednnTensor x, int[] top, int[] left, int height, int width) {
        return OnednnAugmentCutout.apply(context, x, top, left, height, width);
    }

    private OnednnTensor copy(OnednnTensor from, Shape shape) {
        OnednnTensor out = context.newTensor(shape);
        PlainMemory.copy(from.plainMemory(), out.plainMemory(), from.size());
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
