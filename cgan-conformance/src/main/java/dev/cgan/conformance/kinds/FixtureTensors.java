package dev.cgan.conformance.kinds;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.conformance.fixtures.Fixture;
import java.util.Map;

/** Moving fixture inputs onto the backend. */
final class FixtureTensors {

    private FixtureTensors() {
    }

    /** Input {@code name} of the fixture as a device tensor. */
    static Tensor input(ComputeContext context, Fixture fixture, String name) {
        return context.tensor(fixture.floats(name), fixture.shape(name));
    }

    /**
     * Overwrites each tensor of {@code targets} (parameters or buffers by name) with the fixture input
     * {@code prefix + name}, checking shapes so a layout mismatch is reported as such rather than as wrong numbers.
     */
    static void load(Map<String, Tensor> targets, Fixture fixture, String prefix) {
        for (var e : targets.entrySet()) {
            String source = prefix + e.getKey();
            if (!fixture.shape(source).equals(e.getValue().shape())) {
                throw new IllegalStateException("'" + e.getKey() + "' has shape " + e.getValue().shape()
                        + " on the backend but the fixture's '" + source + "' is " + fixture.shape(source));
            }
            e.getValue().copyFrom(fixture.floats(source));
        }
    }
}
