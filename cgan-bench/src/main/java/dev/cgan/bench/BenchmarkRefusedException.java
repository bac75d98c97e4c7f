package dev.cgan.bench;

/**
 * Thrown instead of timing a backend whose results do not match PyTorch's: a fast wrong backend must not win a
 * benchmark. The message names the backend, the workload and the first failing conformance case.
 */
public final class BenchmarkRefusedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** A refusal with its reason. */
    public BenchmarkRefusedException(String message) {
        super(message);
    }
}
