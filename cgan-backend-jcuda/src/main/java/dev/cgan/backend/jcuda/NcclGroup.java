package dev.cgan.backend.jcuda;

import dev.cgan.api.DeviceCollectives;
import dev.cgan.api.tensor.Tensor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.nccl;
import org.bytedeco.cuda.nccl.ncclComm;
import org.bytedeco.cuda.nccl.ncclUniqueId;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * One rank's NCCL communicator on a jcuda context's GPU. Collectives are queued on the legacy default stream, where all
 * of the engine's work runs, so they follow the backward pass and precede the optimizer step without further
 * synchronisation; each call then waits for the stream. The mean is NCCL's {@code ncclAvg}; with one rank it leaves the
 * values as they are.
 *
 * <p>No wait is unbounded: the communicator is formed in a thread of its own that is given up after the timeout, and
 * a watchdog aborts the communicator ({@code ncclCommAbort}) when a collective has not completed within it, which ends
 * NCCL's kernels and calls. A failure is reported as {@link DeviceCollectives.Failure}.
 */
final class NcclGroup implements DeviceCollectives.Group {

    /** The legacy default stream. */
    private static final CUstream_st DEFAULT_STREAM = null;

    private final CudaContext context;
    private final ncclComm comm;
    private final int worldSize;
    private final long timeoutNanos;
    private final ScheduledExecutorService watchdog;
    private Pointer scratch;
    private long scratchBytes;
    private volatile boolean aborted;
    private boolean failed;
    private boolean closed;

    private NcclGroup(CudaContext context, ncclComm comm, int worldSize, Duration timeout) {
        this.context = context;
        this.comm = comm;
        this.worldSize = worldSize;
        this.timeoutNanos = timeout.toNanos();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nccl-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    static NcclGroup join(CudaContext context, byte[] groupId, int rank, int worldSize, Duration timeout) {
        ncclUniqueId id = new ncclUniqueId();
        id.internal().put(groupId, 0, groupId.length);
        ncclComm comm = new ncclComm();
        int device = context.device().index();
        int[] rc = {Integer.MIN_VALUE};
        // ncclCommInitRank waits for every rank without a timeout of its own.
        Thread init = new Thread(() -> {
            int set = cudart.cudaSetDevice(device);
            rc[0] = set != 0 ? -set : nccl.ncclCommInitRank(comm, worldSize, id, rank);
        }, "nccl-init");
        init.setDaemon(true);
        init.start();
        try {
            init.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceCollectives.Failure("interrupted while the ranks joined NCCL", false);
        }
        if (init.isAlive()) {
            throw new DeviceCollectives.Failure("not all " + worldSize + " ranks joined NCCL within "
                    + timeout.toMillis() + " ms", true);
        }
        if (rc[0] < 0) {
            throw new DeviceCollectives.Failure("cudaSetDevice(" + device + ") failed: "
                    + cudart.cudaGetErrorString(-rc[0]).getString(), false);
        }
        if (rc[0] != nccl.ncclSuccess) {
            throw new DeviceCollectives.Failure("ncclCommInitRank failed: " + errorString(rc[0]) + lastError(null),
                    false);
        }
        return new NcclGroup(context, comm, worldSize, timeout);
    }

    @Override
    public synchronized void allReduceMean(List<Tensor> tensors) {
        requireUsable();
        run("all-reduce", () -> {
            check("ncclGroupStart", nccl.ncclGroupStart());
            int rc = nccl.ncclSuccess;
            for (Tensor t : tensors) {
                CudaTensor c = (CudaTensor) t;
                if (c.count() > 0 && rc == nccl.ncclSuccess) {
                    rc = nccl.ncclAllReduce(c.data(), c.data(), c.count(), nccl.ncclFloat, nccl.ncclAvg, comm,
                            DEFAULT_STREAM);
                }
            }
            int end = nccl.ncclGroupEnd();
            check("ncclAllReduce", rc);
            check("ncclGroupEnd", end);
        });
    }

    @Override
    public synchronized void allReduceMean(float[] values) {
        if (values.length == 0) {
            return;
        }
        requireUsable();
        Pointer device = scratch(values.length);
        long bytes = (long) values.length * Float.BYTES;
        try (FloatPointer host = new FloatPointer(values)) {
            context.copyToDevice(device, host, bytes);
            run("all-reduce", () -> check("ncclAllReduce", nccl.ncclAllReduce(device, device, values.length,
                    nccl.ncclFloat, nccl.ncclAvg, comm, DEFAULT_STREAM)));
            context.copyToHost(host, device, bytes);
            host.get(values);
        }
    }

    @Override
    public synchronized void broadcast(float[] values, int root) {
        if (root < 0 || root >= worldSize) {
            throw new IllegalArgumentException("rank " + root + " does not exist among " + worldSize);
        }
        if (values.length == 0) {
            return;
        }
        requireUsable();
        Pointer device = scratch(values.length);
        long bytes = (long) values.length * Float.BYTES;
        try (FloatPointer host = new FloatPointer(values)) {
            context.copyToDevice(device, host, bytes);
            run("broadcast", () -> check("ncclBroadcast", nccl.ncclBroadcast(device, device, values.length,
                    nccl.ncclFloat, root, comm, DEFAULT_STREAM)));
            context.copyToHost(host, device, bytes);
            host.get(values);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        watchdog.shutdownNow();
        if (scratch != null) {
            context.memory().release(scratch, scratchBytes);
            scratch = null;
        }
        if (failed || aborted) {
            if (!aborted) {
                nccl.ncclCommAbort(comm);
            }
        } else {
            nccl.ncclCommDestroy(comm);
        }
    }

    /** Queues {@code enqueue}, then waits for the stream, all within the timeout. */
    private void run(String operation, Runnable enqueue) {
        ScheduledFuture<?> dog = watchdog.schedule(this::abort, timeoutNanos, TimeUnit.NANOSECONDS);
        try {
            enqueue.run();
            awaitStream(operation);
        } catch (DeviceCollectives.Failure e) {
            failed = true;
            throw aborted ? timedOut(operation) : e;
        } finally {
            dog.cancel(false);
        }
    }

    private void awaitStream(String operation) {
        int[] async = new int[1];
        long spins = 0;
        while (true) {
            int q = cudart.cudaStreamQuery(DEFAULT_STREAM);
            if (q == cudart.cudaSuccess) {
                return;
            }
            if (aborted) {
                throw timedOut(operation);
            }
            if (q != cudart.cudaErrorNotReady) {
                throw new DeviceCollectives.Failure(operation + ": the GPU reports "
                        + cudart.cudaGetErrorString(q).getString(), false);
            }
            int rc = nccl.ncclCommGetAsyncError(comm, async);
            if (rc == nccl.ncclSuccess && async[0] != nccl.ncclSuccess && async[0] != nccl.ncclInProgress) {
                abort();
                throw new DeviceCollectives.Failure(operation + ": " + errorString(async[0]) + lastError(comm), false);
            }
            if (++spins < 1000) {
                Thread.onSpinWait();
            } else {
                try {
                    Thread.sleep(0, 200_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    abort();
                    throw new DeviceCollectives.Failure(operation + " interrupted", false);
                }
            }
        }
    }

    /** Ends the communicator from the watchdog (or after an asynchronous error): NCCL's kernels and calls return. */
    private void abort() {
        if (!aborted) {
            aborted = true;
            nccl.ncclCommAbort(comm);
        }
    }

    private DeviceCollectives.Failure timedOut(String operation) {
        return new DeviceCollectives.Failure(operation + " did not complete within "
                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms", true);
    }

    private Pointer scratch(int floats) {
        long bytes = (long) floats * Float.BYTES;
        if (scratch == null || scratchBytes < bytes) {
            if (scratch != null) {
                context.memory().release(scratch, scratchBytes);
            }
            scratch = context.memory().allocate(bytes);
            scratchBytes = bytes;
        }
        return scratch;
    }

    private void requireUsable() {
        if (closed) {
            throw new IllegalStateException("this rank has left its NCCL group");
        }
        if (failed) {
            throw new DeviceCollectives.Failure("an earlier collective failed; NCCL's group is aborted", false);
        }
    }

    private static void check(String call, int rc) {
        if (rc != nccl.ncclSuccess && rc != nccl.ncclInProgress) {
            throw new DeviceCollectives.Failure(call + " failed: " + errorString(rc), false);
        }
    }

    static String errorString(int rc) {
        BytePointer s = nccl.ncclGetErrorString(rc);
        return (s == null || s.isNull() ? "NCCL error" : s.getString()) + " (" + rc + ")";
    }

    private static String lastError(ncclComm comm) {
        BytePointer s = nccl.ncclGetLastError(comm);
        String text = s == null || s.isNull() ? "" : s.getString().strip();
        int nl = text.indexOf('\n');
        text = nl < 0 ? text : text.substring(0, nl);
        return text.isEmpty() ? "" : ": " + text;
    }
}
