package dev.cgan.backend.djl;

import dev.cgan.backend.djl.kernel.TorchFunctions;

/**
 * Turns libtorch's operation recording off on this thread until closed, then restores it ({@code torch.no_grad()}).
 * Optimizer updates and weight loading modify parameters in place; recorded, libtorch would refuse (a leaf that
 * requires grad changed in place) or grow the graph.
 */
final class NoGrad implements AutoCloseable {

    private final boolean previous;

    private NoGrad(boolean previous) {
        this.previous = previous;
    }

    static NoGrad enter() {
        boolean previous = TorchFunctions.isGradEnabled();
        if (previous) {
            TorchFunctions.setGradEnabled(false);
        }
        return new NoGrad(previous);
    }

    @Override
    public void close() {
        if (previous) {
            TorchFunctions.setGradEnabled(true);
        }
    }
}
