package dev.cgan.api.optim;

import java.util.List;

/** The optimizers, as data, with PyTorch's exact update rules. */
public sealed interface OptimizerSpec permits OptimizerSpec.Adam, OptimizerSpec.Sgd {

    /** The learning rate. */
    double lr();

    /**
     * The names of the per-parameter state tensors, in PyTorch's order ({@code exp_avg}, {@code exp_avg_sq} for
     * Adam; {@code momentum_buffer} for SGD): the keys of {@link Optimizer#state(int)} and of a checkpoint.
     */
    List<String> stateNames();

    /** Calls the visitor's method for this spec's type (exhaustive dispatch: see {@link Visitor}). */
    <R> R accept(Visitor<R> visitor);

    /**
     * One method per optimizer: adding one adds a method here, and every engine fails to compile until it handles the
     * new optimizer or declares it unsupported.
     */
    interface Visitor<R> {
        R adam(Adam spec);

        R sgd(Sgd spec);
    }

    /**
     * Adam as {@code torch.optim.Adam} (no weight decay, no amsgrad). At step t (from 1), for gradient g:
     * <pre>
     * m = beta1 * m + (1 - beta1) * g
     * v = beta2 * v + (1 - beta2) * g * g
     * p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
     * </pre>
     * Note that {@code eps} is added after the square root of the bias-corrected second moment. State per
     * parameter: {@code exp_avg} (m), {@code exp_avg_sq} (v).
     */
    record Adam(double lr, double beta1, double beta2, double eps) implements OptimizerSpec {

        public Adam {
            if (!(lr > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps >= 0)) {
                throw new IllegalArgumentException("invalid Adam settings: lr=" + lr + " betas=(" + beta1 + ", "
                        + beta2 + ") eps=" + eps + " (need lr > 0, 0 <= betas < 1, eps >= 0)");
            }
        }

        @Override
        public List<String> stateNames() {
            return java.util.List.of("exp_avg", "exp_avg_sq");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.adam(this);
        }

        /** The DCGAN settings: lr 2e-4, betas (0.5, 0.999), eps 1e-8. */
        public static Adam dcgan() {
            return new Adam(2e-4, 0.5, 0.999, 1e-8);
        }
    }

    /**
     * SGD with momentum as {@code torch.optim.SGD} (dampening 0, no Nesterov): {@code b = momentum * b + g} (b = g on
     * the first step), {@code p = p - lr * b}. State per parameter: {@code momentum_buffer}.
     */
    record Sgd(double lr, double momentum) implements OptimizerSpec {

        public Sgd {
            if (!(lr > 0) || !(momentum >= 0)) {
                throw new IllegalArgumentException("invalid SGD settings: lr=" + lr + " momentum=" + momentum);
            }
        }

        @Override
        public List<String> stateNames() {
            return java.util.List.of("momentum_buffer");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.sgd(this);
        }
    }
}
