package dev.cgan.api;

import dev.cgan.api.tensor.Tensor;
import java.time.Duration;
import java.util.List;

/**
 * Collective operations an engine offers on its own device memory, for data-parallel training between devices (the
 * jcuda engine's NCCL), through {@link Backend#deviceCollectives()}. The trainer's side (rendezvous, which rank failed)
 * is cgan-core's; the engine only forms a group from an identity every rank was handed and exchanges tensors.
 *
 * <p>Creating the object must load nothing native; {@link #unavailable()} may probe for the library.
 */
public interface DeviceCollectives {

    /** The library the collectives run on, in words, e.g. {@code "NCCL"}. */
    String name();

    /**
     * Null when the collectives can run here, else one line naming what is missing (the GPU, the library) and what to
     * install. Never throws.
     */
    String unavailable();

    /** A new group identity (NCCL's unique id): rank 0 makes it and hands it to the others before {@link #join}. */
    byte[] newGroupId();

    /**
     * Joins the group as {@code rank} of {@code worldSize} on the device {@code context} was opened on; returns once
     * every rank has.
     *
     * @throws Failure if the ranks do not all join within {@code timeout}, or the library refuses
     */
    Group join(ComputeContext context, byte[] groupId, int rank, int worldSize, Duration timeout);

    /**
     * The ranks of one group. Every rank must call the operations in the same order with the same lengths; every call
     * returns, or throws {@link Failure}, within the timeout the group was joined with.
     */
    interface Group extends AutoCloseable {

        /** Replaces each tensor, in place on the device, by its element-wise mean over the ranks. */
        void allReduceMean(List<Tensor> tensors);

        /** Replaces {@code values} by their element-wise mean over the ranks (through the device). */
        void allReduceMean(float[] values);

        /** Replaces {@code values} by those of rank {@code root} (through the device). */
        void broadcast(float[] values, int root);

        /** Leaves the group (aborts it after a failure); idempotent. */
        @Override
        void close();
    }

    /** A collective that could not complete: the message is one line, without the rank (the caller names it). */
    class Failure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final boolean timedOut;

        public Failure(String message, boolean timedOut) {
            super(message);
            this.timedOut = timedOut;
        }

        /** Whether the operation was given up after the timeout (rather than failing on an error). */
        public boolean timedOut() {
            return timedOut;
        }
    }
}
