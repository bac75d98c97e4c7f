package dev.cgan.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.core.fakes.ToyContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which engine losses each {@link GanLoss} asks for: BCE on probabilities for a Sigmoid output, BCE on logits for raw
 * scores, the hinge pair for raw scores only. (Their values are checked against PyTorch by the conformance suite:
 * the loss cases, and trajectory_sngan32 for the hinge loss inside cgan's training step.)
 */
class AdversarialLossTest {

    private final List<LossSpec> asked = new ArrayList<>();

    /** A ToyContext that records the loss specs asked of it. */
    private ComputeContext recording() {
        ToyContext toy = new ToyContext();
        return (ComputeContext) Proxy.newProxyInstance(ComputeContext.class.getClassLoader(),
                new Class<?>[] {ComputeContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("loss")) {
                        asked.add((LossSpec) args[0]);
                    }
                    try {
                        return method.invoke(toy, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void bceTakesProbabilitiesFromASigmoidAndLogitsFromRawScores() {
        AdversarialLoss.of(GanLoss.BCE, recording(), true);
        assertEquals(List.of(new LossSpec.BinaryCrossEntropy()), asked);
        asked.clear();
        AdversarialLoss.of(GanLoss.BCE, recording(), false);
        assertEquals(List.of(new LossSpec.BinaryCrossEntropyWithLogits()), asked);
    }

    @Test
    void hingeUsesTheMarginLossForDAndTheLinearOneForG() {
        AdversarialLoss.of(GanLoss.HINGE, recording(), false);
        assertEquals(List.of(LossSpec.Hinge.discriminator(), LossSpec.Hinge.generator()), asked);
        assertThrows(IllegalArgumentException.class, () -> AdversarialLoss.of(GanLoss.HINGE, recording(), true));
    }
}
