package dev.cgan.api.layer;

import dev.cgan.api.tensor.Shape;

/**
 * Inverted dropout with a reproducible mask, on a tensor of any shape.
 *
 * <ul>
 *   <li><b>Evaluation mode</b> ({@code training == false}): the identity; the output equals the input and the input's
 *       gradient equals the output's.</li>
 *   <li><b>Training mode</b>: {@code y = x * m / (1 - p)} element by element, with {@code m_i} in {0, 1}
 *       (PyTorch's scaling); the gradient is {@code g * m / (1 - p)}. For {@code p == 1} the output and the gradient
 *       are 0.</li>
 *   <li><b>The mask</b> is computed on the host by {@link DropoutMask} and uploaded, so every backend drops the same
 *       elements: a layer built from this spec owns one {@code DropoutMask(seed)} stream, created with the layer;
 *       each training-mode forward of an input of {@code n} elements takes the stream's next {@code n} draws
 *       {@code u_i} (row-major order) and keeps element {@code i} iff {@code u_i >= p}. Evaluation-mode calls draw
 *       nothing.</li>
 * </ul>
 * No parameters, no buffers (PyTorch's {@code nn.Dropout} has none either; the stream's position is not part of a
 * {@code state_dict}).
 *
 * @param p    the probability of dropping an element, in [0, 1]
 * @param seed the seed of the layer's mask stream
 */
public record Dropout(double p, long seed) implements LayerSpec {

    public Dropout {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout probability must be in [0, 1], got " + p);
        }
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.dropout(this);
    }
}
