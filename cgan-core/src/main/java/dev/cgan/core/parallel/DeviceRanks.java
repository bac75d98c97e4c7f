package dev.cgan.core.parallel;

import dev.cgan.api.DeviceCollectives;
import dev.cgan.api.tensor.Tensor;
import java.util.List;

/**
 * A rank of a run whose collectives are an engine's own on device memory ({@link DeviceCollectives.Group}); the
 * {@link PeerRoster} it met the others through names the ranks that are gone when a collective fails.
 */
final class DeviceRanks implements Collective {

    private final String library;
    private final DeviceCollectives.Group group;
    private final PeerRoster roster;
    private boolean closed;

    DeviceRanks(String library, DeviceCollectives.Group group, PeerRoster roster) {
        this.library = library;
        this.group = group;
        this.roster = roster;
    }

    @Override
    public int rank() {
        return roster.rendezvous().rank();
    }

    @Override
    public int worldSize() {
        return roster.rendezvous().worldSize();
    }

    @Override
    public boolean reducesTensors() {
        return true;
    }

    @Override
    public void allReduceMean(List<Tensor> tensors) {
        try {
            group.allReduceMean(tensors);
        } catch (DeviceCollectives.Failure e) {
            throw failed("all-reduce", e);
        }
    }

    @Override
    public void allReduceMean(float[] values) {
        try {
            group.allReduceMean(values);
        } catch (DeviceCollectives.Failure e) {
            throw failed("all-reduce", e);
        }
    }

    @Override
    public void broadcast(float[] values, int root) {
        if (root < 0 || root >= worldSize()) {
            throw new IllegalArgumentException("rank " + root + " does not exist among " + worldSize());
        }
        try {
            group.broadcast(values, root);
        } catch (DeviceCollectives.Failure e) {
            throw failed("broadcast", e);
        }
    }

    @Override
    public void barrier() {
        allReduceMean(new float[1]);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            group.close();
        } finally {
            roster.close();
        }
    }

    private CollectiveException failed(String operation, DeviceCollectives.Failure e) {
        return new CollectiveException("rank " + rank() + ": " + operation + " through " + library + " failed: "
                + who(roster) + " (" + e.getMessage() + "); every rank stops, continue from the last checkpoint with "
                + "--resume", e);
    }

    /** Who is at fault, in words, as far as this rank can tell. */
    static String who(PeerRoster roster) {
        List<Integer> gone = roster.gone();
        if (gone.isEmpty()) {
            return "another rank died or hangs";
        }
        if (gone.equals(List.of(0)) && roster.rendezvous().rank() != 0) {
            return "rank 0 (which serves the rendezvous) is gone";
        }
        return (gone.size() == 1 ? "rank " : "ranks ") + PeerRoster.names(gone) + " died";
    }
}
