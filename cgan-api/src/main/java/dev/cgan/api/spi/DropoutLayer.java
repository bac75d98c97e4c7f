package dev.cgan.api.spi;

import dev.cgan.api.layer.Dropout;
import dev.cgan.api.layer.DropoutMask;
import java.util.OptionalLong;

/**
 * {@code nn.Dropout} with the API's reproducible mask, wired once for every engine: the layer owns one
 * {@link DropoutMask} stream; a training-mode forward draws the multipliers ({@code 0} or {@code 1 / (1 - p)}) on the
 * host, uploads them as a tensor of the caller's scope (so they live as long as the output whose backward reads them)
 * and asks the engine to {@link #multiply} by them; evaluation mode is the engine's {@link #passThrough}, and draws
 * nothing. The stream's position is the layer's random state, for checkpoints.
 *
 * @param <T> the engine's tensor type
 * @param <C> the engine's context type
 */
public abstract class DropoutLayer<T extends EngineTensor, C extends EngineContext<T, ?>>
        extends EngineLayer<T, C, Dropout> {

    private final double p;
    private final DropoutMask mask;

    protected DropoutLayer(C context, Dropout spec) {
        super(context, spec);
        this.p = spec.p();
        this.mask = new DropoutMask(spec.seed());
    }

    @Override
    public final OptionalLong randomState() {
        return OptionalLong.of(mask.state());
    }

    @Override
    public final void restoreRandomState(long state) {
        mask.setState(state);
    }

    @Override
    protected final T compute(T input, boolean training) {
        if (!training) {
            return passThrough(input);
        }
        float[] scales = mask.nextScales(input.shape().sizeAsInt(), p);
        return multiply(input, context.own(context.tensor(scales, input.shape())));
    }

    /** The output of evaluation mode: the input's values, with the gradient passed through unchanged. */
    protected abstract T passThrough(T input);

    /** {@code input * scales} element by element, with gradient {@code g * scales}. */
    protected abstract T multiply(T input, T scales);
}
