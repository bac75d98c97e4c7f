package dev.cgan.backend.djl;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.training.GradientCollector;
import dev.cgan.api.spi.EngineTape;
import dev.cgan.backend.djl.kernel.TorchFunctions;

/**
 * The tape on DJL's {@link GradientCollector}, i.e. libtorch's autograd with recording switched on for this thread.
 * Each {@link #backward} frees the graph it walked (PyTorch's default), which is what makes the GAN pattern work: the
 * discriminator's loss through a detached fake batch first, then the generator's loss through the part of the graph
 * that the first backward did not consume. The kit checks the calls (open tape, scalar root of this context).
 */
final class DjlTape implements EngineTape<DjlTensor> {

    private final DjlContext context;
    private final GradientCollector collector;

    DjlTape(DjlContext context, Engine engine) {
        this.context = context;
        boolean before = TorchFunctions.isGradEnabled();
        try {
            collector = engine.newGradientCollector();
        } catch (IllegalStateException e) {
            // DJL turns recording on before it notices the other collector; undo that.
            TorchFunctions.setGradEnabled(before);
            throw new IllegalStateException("djl backend: another GradientTape is open in this JVM (DJL allows one "
                    + "gradient collector per process); close it first", e);
        }
    }

    @Override
    public void backward(DjlTensor root) {
        // DJL allocates the seed gradient (ones) per call; the DJL scope frees it.
        try {
            context.run(() -> collector.backward(root.array()));
        } catch (EngineException e) {
            // libtorch refuses to walk freed saved tensors; that is a misuse of the tape, not an engine failure.
            String message = String.valueOf(e.getMessage());
            if (message.contains("second time")) {
                throw new IllegalStateException("djl backend: backward through a part of the graph that an earlier "
                        + "backward already consumed (PyTorch frees the graph it walks); record the forward again", e);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        collector.close();
        // libtorch records by default on threads DJL did not start on, and the collector restores that. DJL allows one
        // collector per process, so no other tape is recording now: outside a tape, nothing should be recorded.
        TorchFunctions.setGradEnabled(false);
    }
}
