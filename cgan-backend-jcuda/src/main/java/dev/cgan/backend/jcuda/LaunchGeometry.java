package dev.cgan.backend.jcuda;

/**
 * Grid sizes for the kernels. Element-wise kernels loop with a grid stride, so any grid covers any size; the grid is
 * capped so that a huge tensor does not ask for more blocks than a launch allows. Reductions use one block of
 * {@value #REDUCE_THREADS} threads per output element (the kernels' shared arrays are sized for it).
 *
 * @param blocks  blocks in the grid (x dimension)
 * @param threads threads per block (x dimension)
 */
record LaunchGeometry(int blocks, int threads) {

    static final int THREADS = 256;
    static final int REDUCE_THREADS = 256;
    static final int MAX_BLOCKS = 65_535;

    LaunchGeometry {
        if (blocks < 1 || threads < 1) {
            throw new IllegalArgumentException("a launch needs at least one block and one thread, got " + blocks
                    + " x " + threads);
        }
    }

    /** One thread per element (looping beyond {@value #MAX_BLOCKS} blocks); at least one block, even for n = 0. */
    static LaunchGeometry elementwise(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative element count " + n);
        }
        long blocks = (n + THREADS - 1) / THREADS;
        return new LaunchGeometry((int) Math.max(1, Math.min(blocks, MAX_BLOCKS)), THREADS);
    }

    /** One block per output element of a reduction ({@code outputs} >= 1). */
    static LaunchGeometry perOutput(int outputs) {
        if (outputs < 1 || outputs > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a reduction needs at least one output, got " + outputs);
        }
        return new LaunchGeometry(outputs, REDUCE_THREADS);
    }

    /** A single block reducing everything into one value. */
    static LaunchGeometry single() {
        return new LaunchGeometry(1, REDUCE_THREADS);
    }

    /** The element count as a kernel's {@code int n}; tensors beyond 2^31 - 1 elements are refused. */
    static int count(long n) {
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor of " + n + " elements is too large for the jcuda kernels "
                    + "(at most " + Integer.MAX_VALUE + ")");
        }
        return (int) n;
    }
}
