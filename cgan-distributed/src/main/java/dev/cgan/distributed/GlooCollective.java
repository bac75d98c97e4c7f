package dev.cgan.distributed;

import dev.cgan.core.parallel.Collective;
import dev.cgan.core.parallel.CollectiveException;
import dev.cgan.core.parallel.Rendezvous;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.AbstractTensor;
import org.bytedeco.pytorch.AllreduceOptions;
import org.bytedeco.pytorch.BroadcastOptions;
import org.bytedeco.pytorch.ProcessGroupGloo;
import org.bytedeco.pytorch.StringVector;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.TCPStoreOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.Work;

/**
 * A rank of a data-parallel run on PyTorch's c10d: rendezvous through a {@code TCPStore} served by rank 0, collectives
 * through {@code ProcessGroupGloo} over TCP. Host arrays are copied into a libtorch tensor kept per length, summed
 * across ranks, and divided by the number of ranks here, so the mean is bitwise the same on every rank.
 *
 * <p>Every wait is bounded by the rendezvous timeout. When a collective fails, this rank marks itself in the store and
 * gives the others a moment to do the same; the ranks that did not are named as the ones that died or hang.
 */
final class GlooCollective implements Collective {

    /** How long a failing rank waits for the others to report that they are alive. */
    private static final long ROLL_CALL_MILLIS = 2000;

    /** How long rank 0 waits at the end for the other ranks to leave before it closes the store they use. */
    private static final long LEAVE_MILLIS = 10_000;

    /** The store's count of ranks that have left. */
    private static final String LEFT = "cgan/left";

    private final Rendezvous rendezvous;
    private final TCPStore store;
    private final ProcessGroupGloo group;
    private final Map<Integer, Tensor> buffers = new HashMap<>();
    private long reduceNanos;
    private long reduceCalls;
    private boolean closed;
    private boolean failed;

    private GlooCollective(Rendezvous rendezvous, TCPStore store, ProcessGroupGloo group) {
        this.rendezvous = rendezvous;
        this.store = store;
        this.group = group;
    }

    /**
     * Keeps JavaCPP from ever deleting a c10d object: the process group holds the store through libtorch's own
     * reference count, so a delete from Java (on {@code close()} or when the garbage collector frees the wrapper)
     * would free it twice and corrupt the heap. They live until the process ends, which a run's end is.
     */
    private static <P extends org.bytedeco.javacpp.Pointer> P keep(P pointer) {
        pointer.deallocate(false);
        return pointer;
    }

    /**
     * Joins the run; returns once every rank has.
     *
     * @throws CollectiveException if the others do not join within the timeout
     */
    static GlooCollective join(Rendezvous r) {
        TorchLibrary.load();
        long millis = r.timeout().toMillis();
        TCPStore store;
        try {
            TCPStoreOptions options = new TCPStoreOptions();
            options.port((short) r.masterPort());
            options.isServer(r.rank() == 0);
            options.numWorkers(new SizeTPointer(1).put(r.worldSize()));
            options.waitWorkers(false);
            options.timeout(new Milliseconds(millis));
            store = keep(new TCPStore(r.masterAddress(), options));
        } catch (RuntimeException e) {
            throw new CollectiveException("rank " + r.rank() + ": cannot reach the rendezvous at " + r.masterAddress()
                    + ":" + r.masterPort() + " within " + millis + " ms (" + firstLine(e) + "); check that rank 0 "
                    + "runs and that MASTER_ADDR and MASTER_PORT point to it", e);
        }
        try {
            ProcessGroupGloo.Options options = ProcessGroupGloo.Options.create(new Milliseconds(millis));
            options.devices().push_back(device(r));
            ProcessGroupGloo group = keep(new ProcessGroupGloo(store, r.rank(), r.worldSize(), options));
            return new GlooCollective(r, store, group);
        } catch (RuntimeException e) {
            throw new CollectiveException("rank " + r.rank() + ": not all " + r.worldSize() + " ranks joined within "
                    + millis + " ms (" + firstLine(e) + "); start every rank with the same WORLD_SIZE", e);
        }
    }

    /**
     * The network interface Gloo talks on: {@code GLOO_SOCKET_IFNAME} when set (as in PyTorch), loopback for a run on
     * one machine, else the interface the host name resolves to.
     */
    private static org.bytedeco.pytorch.gloo.Device device(Rendezvous r) {
        String ifname = System.getenv("GLOO_SOCKET_IFNAME");
        if (ifname != null && !ifname.isBlank()) {
            return ProcessGroupGloo.createDeviceForInterface(ifname.strip());
        }
        if (r.masterAddress().equals("127.0.0.1") || r.masterAddress().equals("localhost")) {
            return ProcessGroupGloo.createDeviceForHostname("127.0.0.1");
        }
        return ProcessGroupGloo.createDefaultDevice();
    }

    @Override
    public int rank() {
        return rendezvous.rank();
    }

    @Override
    public int worldSize() {
        return rendezvous.worldSize();
    }

    @Override
    public synchronized void allReduceMean(float[] values) {
        long t0 = System.nanoTime();
        Tensor t = buffer(values.length);
        FloatPointer data = t.data_ptr_float();
        data.put(values);
        finish("all-reduce", group.allreduce(new TensorVector(t), new AllreduceOptions()));
        data.get(values);
        float n = worldSize();
        for (int i = 0; i < values.length; i++) {
            values[i] /= n;
        }
        reduceNanos += System.nanoTime() - t0;
        reduceCalls++;
    }

    @Override
    public synchronized void broadcast(float[] values, int root) {
        if (root < 0 || root >= worldSize()) {
            throw new IllegalArgumentException("rank " + root + " does not exist among " + worldSize());
        }
        Tensor t = buffer(values.length);
        FloatPointer data = t.data_ptr_float();
        data.put(values);
        BroadcastOptions options = new BroadcastOptions();
        options.rootRank(root);
        finish("broadcast", group.broadcast(new TensorVector(t), options));
        data.get(values);
    }

    @Override
    public synchronized void barrier() {
        finish("barrier", group.barrier());
    }

    /** Nanoseconds spent in {@link #allReduceMean} so far, copies included (for the cost measurements). */
    synchronized long allReduceNanos() {
        return reduceNanos;
    }

    /** Calls of {@link #allReduceMean} so far. */
    synchronized long allReduceCalls() {
        return reduceCalls;
    }

    /**
     * Leaves the run: frees this rank's buffers and tells the store. Rank 0 serves the store, so it waits (briefly)
     * until the other ranks have left, lest they lose it while they leave. The store and the process group themselves
     * are never deleted ({@link #keep}); after a failure nothing is exchanged any more.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        buffers.values().forEach(Tensor::close);
        buffers.clear();
        if (failed) {
            return;
        }
        try {
            if (rank() != 0) {
                store.add(LEFT, 1);
                return;
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEAVE_MILLIS);
            while (store.add(LEFT, 0) < worldSize() - 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (RuntimeException e) {
            // A peer left abruptly: there is nothing more to exchange, and the run's outcome is already decided.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Tensor buffer(int length) {
        if (closed) {
            throw new IllegalStateException("rank " + rank() + " has left the run");
        }
        return buffers.computeIfAbsent(length, n -> AbstractTensor.create(new float[n]));
    }

    private void finish(String operation, Work work) {
        try {
            work._wait();
        } catch (RuntimeException e) {
            failed = true;
            throw new CollectiveException("rank " + rank() + ": " + operation + " failed: " + missing() + " ("
                    + firstLine(e) + "); every rank stops, continue from the last checkpoint with --resume", e);
        }
    }

    /** Which ranks did not answer a roll call in the store, in words. */
    private String missing() {
        List<Integer> silent = new ArrayList<>();
        try {
            store.add("cgan/failed/" + rank(), 1);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ROLL_CALL_MILLIS);
            do {
                silent.clear();
                for (int r = 0; r < worldSize(); r++) {
                    if (r != rank() && !store.check(new StringVector("cgan/failed/" + r))) {
                        silent.add(r);
                    }
                }
                if (silent.isEmpty()) {
                    break;
                }
                Thread.sleep(100);
            } while (System.nanoTime() < deadline);
        } catch (RuntimeException e) {
            return "rank 0 (which serves the rendezvous) is gone";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (silent.isEmpty()) {
            return "every rank reports a failure (a network fault?)";
        }
        return (silent.size() == 1 ? "rank " : "ranks ") + silent.toString().replaceAll("[\\[\\]]", "")
                + (silent.size() == 1 ? " died or hangs" : " died or hang");
    }

    /** The first line of a native error, without the source path Gloo puts in front of it. */
    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        if (nl >= 0) {
            m = m.substring(0, nl);
        }
        if (m.startsWith("[")) {
            int end = m.indexOf("] ");
            if (end > 0) {
                m = m.substring(end + 2);
            }
        }
        return m.strip();
    }
}
