package dev.cgan.core.checkpoint;

import dev.cgan.api.optim.Optimizer;
import dev.cgan.core.model.Network;
import java.util.Objects;

/**
 * A network together with what training adds to it: its optimizer and how many training-mode forward passes its
 * BatchNorm layers have seen (PyTorch's {@code num_batches_tracked}).
 *
 * @param network                the network; its state_dict prefix names it in the checkpoint
 * @param optimizer              the optimizer over exactly the network's parameters
 * @param trainingForwardPasses  forward passes in training mode so far (the generator runs once per CGAN iteration,
 *                               the discriminator three times)
 */
public record TrainedNetwork(Network network, Optimizer optimizer, long trainingForwardPasses) {

    public TrainedNetwork {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(optimizer, "optimizer");
        if (trainingForwardPasses < 0) {
            throw new IllegalArgumentException("forward passes must be >= 0, got " + trainingForwardPasses);
        }
    }

    /** The state_dict prefix, e.g. {@code generator}. */
    public String prefix() {
        return network.spec().prefix();
    }
}
