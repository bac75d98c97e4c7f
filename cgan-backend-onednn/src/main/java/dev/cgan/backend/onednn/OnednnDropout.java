package dev.cgan.backend.onednn;

import dev.cgan.api.layer.Dropout;
import dev.cgan.api.spi.DropoutLayer;
import java.nio.FloatBuffer;

/**
 * {@code nn.Dropout}: the kit draws the API's reproducible mask and hands over the multipliers ({@code 0} or
 * {@code 1 / (1 - p)}) as a tensor; the output and the gradient are products with them, in Java loops. Evaluation
 * mode is a copy whose gradient passes through.
 */
final class OnednnDropout extends DropoutLayer<OnednnTensor, OnednnContext> {

    OnednnDropout(OnednnContext context, Dropout spec) {
        super(context, spec);
    }

    @Override
    protected OnednnTensor passThrough(OnednnTensor x) {
        return context.compute(() -> {
            OnednnTensor y = context.newTensor(x.shape());
            PlainMemory.copy(x.plainMemory(), y.plainMemory(), x.size());
            return y;
        }, g -> new OnednnTensor[] {g}, x);
    }

    @Override
    protected OnednnTensor multiply(OnednnTensor x, OnednnTensor scales) {
        return context.compute(() -> product(x, scales), g -> new OnednnTensor[] {product(g, scales)}, x);
    }

    private OnednnTensor product(OnednnTensor t, OnednnTensor scales) {
        OnednnTensor out = context.newTensor(t.shape());
        FloatBuffer in = t.floats();
        FloatBuffer s = scales.floats();
        FloatBuffer o = out.floats();
        HostLoops.inChunks(t.size(), (from, to) -> {
            for (int i = from; i < to; i++) {
                o.put(i, in.get(i) * s.get(i));
            }
        });
        return out;
    }
}
