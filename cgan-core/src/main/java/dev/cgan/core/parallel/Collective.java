package dev.cgan.core.parallel;

/**
 * The ranks of a data-parallel run as the trainer sees them: who this process is, how many there are, and the three
 * collective operations data parallelism needs. cgan-core holds no transport of its own; an implementation (the
 * cgan-distributed module's c10d one) is handed to the {@code Trainer}. {@link #single()} is the run of one process.
 *
 * <p>Every rank must call the operations in the same order with arrays of the same length. A collective that cannot
 * complete (a rank died, hangs or was never started) must end within the implementation's bounded timeout with a
 * {@link CollectiveException}; no call may wait forever.
 */
public interface Collective extends AutoCloseable {

    /** This process's rank, {@code 0 .. worldSize() - 1}; rank 0 alone writes a run's outputs. */
    int rank();

    /** The number of ranks. */
    int worldSize();

    /**
     * Replaces {@code values} on every rank by the element-wise mean over all ranks. The result is bitwise the same on
     * every rank.
     *
     * @throws CollectiveException if the ranks cannot complete the operation within the timeout
     */
    void allReduceMean(float[] values);

    /**
     * Replaces {@code values} on every rank by those of rank {@code root}.
     *
     * @throws CollectiveException if the ranks cannot complete the operation within the timeout
     */
    void broadcast(float[] values, int root);

    /**
     * Returns once every rank has called it.
     *
     * @throws CollectiveException if the ranks cannot complete the operation within the timeout
     */
    void barrier();

    /** Whether this is rank 0. */
    default boolean isLeader() {
        return rank() == 0;
    }

    /** Leaves the group; idempotent. */
    @Override
    void close();

    /** The run of one process: the operations are no-ops. */
    static Collective single() {
        return SingleProcess.INSTANCE;
    }
}
