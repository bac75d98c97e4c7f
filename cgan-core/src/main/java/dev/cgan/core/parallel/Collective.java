package dev.cgan.core.parallel;

import dev.cgan.api.tensor.Tensor;
import java.util.List;

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

    /**
     * Whether {@link #allReduceMean(List)} all-reduces tensors where they live (an engine's device memory, NCCL),
     * which the trainer then prefers to gathering gradients into a host array. False by default.
     */
    default boolean reducesTensors() {
        return false;
    }

    /**
     * Replaces each tensor, in place, by its element-wise mean over all ranks; only where {@link #reducesTensors()}.
     * Unlike the host operations it runs in a run of one rank too, through the transport.
     *
     * @throws CollectiveException if the ranks cannot complete the operation within the timeout
     * @throws UnsupportedOperationException if this transport exchanges host arrays only
     */
    default void allReduceMean(List<Tensor> tensors) {
        throw new UnsupportedOperationException("this transport all-reduces host arrays only");
    }

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
