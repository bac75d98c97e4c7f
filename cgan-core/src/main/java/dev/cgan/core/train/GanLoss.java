package dev.cgan.core.train;

import java.util.Locale;

/**
 * The adversarial loss of a run ({@code --loss}). With {@code D} the discriminator's output:
 * <ul>
 *   <li>{@link #BCE}: the non-saturating binary cross-entropy of Goodfellow et al., D
 *       {@code BCE(D(x|y), 1) + BCE(D(G(z|y))|y), 0)}, G {@code BCE(D(G(z|y)|y), 1)}. On a discriminator that ends in a
 *       {@code Sigmoid} it is PyTorch's {@code binary_cross_entropy} on probabilities (the seed's loss, bit for bit);
 *       on one that outputs raw scores, {@code binary_cross_entropy_with_logits} with the same targets.</li>
 *   <li>{@link #HINGE}: D {@code mean(relu(1 - D(x|y))) + mean(relu(1 + D(G(z|y)|y)))}, G
 *       {@code -mean(D(G(z|y)|y))} (Lim &amp; Ye 2017; Miyato et al. 2018). It needs raw scores: on a sigmoid's
 *       output in (0, 1) neither margin can be reached.</li>
 * </ul>
 */
public enum GanLoss {
    BCE,
    HINGE;

    /**
     * The loss a run of {@code model} uses unless told otherwise: {@link #BCE} for a discriminator that outputs
     * probabilities (the seed's models and the MLP), {@link #HINGE} for one that outputs raw scores (sngan32,
     * sngan64).
     */
    public static GanLoss defaultFor(dev.cgan.core.model.ModelSpec model) {
        return model.discriminatorOutputsProbability() ? BCE : HINGE;
    }

    /** The name users type and checkpoints record: {@code bce}, {@code hinge}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The loss called {@code name}, case-insensitively.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static GanLoss parse(String name) {
        for (GanLoss loss : values()) {
            if (loss.label().equalsIgnoreCase(name.trim())) {
                return loss;
            }
        }
        throw new IllegalArgumentException("unknown loss '" + name + "': use bce or hinge");
    }
}
