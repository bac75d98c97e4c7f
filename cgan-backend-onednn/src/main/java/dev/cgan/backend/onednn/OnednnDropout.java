package dev.cgan.backend.onednn;

import dev.cgan.api.layer.Dropout;
import dev.cgan.api.layer.DropoutMask;
import dev.cgan.api.tensor.Tensor;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code nn.Dropout} with the API's reproducible mask: the multipliers ({@code 0} or {@code 1 / (1 - p)}) come from
 * the layer's {@link DropoutMask} stream on the host, so the same elements drop as on every other backend; the
 * gradient is the upstream gradient times the same multipliers. Evaluation mode is a copy whose gradient passes
 * through, and draws nothing.
 */
final class OnednnDropout extends OnednnLayer {

    private final double p;
    private final DropoutMask mask;

    OnednnDropout(OnednnContext context, Dropout spec) {
        super(context, spec, Map.of());
        this.p = spec.p();
        this.mask = new DropoutMask(spec.seed());
    }

    @Override
    public OptionalLong randomState() {
        return OptionalLong.of(mask.state());
    }

    @Override
    public void restoreRandomState(long state) {
        mask.setState(state);
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        OnednnTensor x = input(input);
        if (!training) {
            return context.compute(() -> {
                OnednnTensor y = context.newTensor(x.shape());
                PlainMemory.copy(x.memory(), y.memory(), x.size());
                return y;
            }, g -> new OnednnTensor[] {g}, x);
        }
        float[] scales = mask.nextScales(x.size(), p);
        return context.compute(() -> scaled(x, scales), g -> new OnednnTensor[] {scaled(g, scales)}, x);
    }

    private OnednnTensor scaled(OnednnTensor t, float[] scales) {
        OnednnTensor out = context.newTensor(t.shape());
        FloatBuffer in = t.floats();
        FloatBuffer o = out.floats();
        HostLoops.inChunks(scales.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                o.put(i, in.get(i) * scales[i]);
            }
        });
        return out;
    }
}
