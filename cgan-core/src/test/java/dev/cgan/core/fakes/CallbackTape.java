package dev.cgan.core.fakes;

import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.tensor.Tensor;
import java.util.function.Consumer;

/** A gradient tape that records nothing: {@code backward} hands the loss to a fake's own backward step. */
public record CallbackTape(Consumer<Tensor> onBackward) implements GradientTape {

    @Override
    public void backward(Tensor loss) {
        onBackward.accept(loss);
    }

    @Override
    public void close() {
    }
}
