package dev.cgan.conformance.kinds;

import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a backend produced in one case, copied to the host under the names of the fixture's expectations
 * ({@code expected.output}, {@code expected.grad.input}, ...), so nothing depends on device memory once the case
 * ends.
 */
public final class Observations {

    /** One result: its shape and row-major values. */
    public record Observed(Shape shape, float[] values) {
    }

    private final Map<String, Observed> results = new LinkedHashMap<>();

    /** Copies {@code tensor} to the host under {@code expectedName}. */
    public void put(String expectedName, Tensor tensor) {
        if (tensor == null) {
            throw new IllegalStateException(expectedName + ": the backend returned no tensor (a gradient that "
                    + "was never created?)");
        }
        results.put(expectedName, new Observed(tensor.shape(), tensor.toFloatArray()));
    }

    /** Records a result computed on the host from the backend's tensors (a weight's change). */
    public void put(String expectedName, Shape shape, float[] values) {
        results.put(expectedName, new Observed(shape, values.clone()));
    }

    /** Records a host value (losses the training step reports as doubles) as a one-element result. */
    public void put(String expectedName, double value) {
        results.put(expectedName, new Observed(Shape.of(1), new float[] {(float) value}));
    }

    /** The result recorded under {@code expectedName}, if any. */
    public Optional<Observed> get(String expectedName) {
        return Optional.ofNullable(results.get(expectedName));
    }
}
