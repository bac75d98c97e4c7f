package dev.cgan.core.parallel;

import dev.cgan.api.Backend;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.DeviceCollectives;
import java.util.Objects;

/**
 * The transport of an engine that all-reduces on its own device memory ({@link Backend#deviceCollectives()}: the
 * jcuda engine's NCCL). The rendezvous is cgan's own ({@link PeerRoster}: rank 0 serves {@code MASTER_PORT} and hands
 * out the group identity), so no other collective library is loaded.
 */
public final class DeviceCollectiveFactory implements CollectiveFactory {

    private final DeviceCollectives collectives;

    public DeviceCollectiveFactory(DeviceCollectives collectives) {
        this.collectives = Objects.requireNonNull(collectives, "collectives");
    }

    /** The transport for {@code backend} when it offers device collectives, else null. */
    public static DeviceCollectiveFactory of(Backend backend) {
        return backend.deviceCollectives().map(DeviceCollectiveFactory::new).orElse(null);
    }

    /** Null when the collectives can run here, else one line naming what is missing. */
    public String unavailable() {
        return collectives.unavailable();
    }

    @Override
    public String refusal(Backend backend, boolean gpu) {
        if (!gpu) {
            return "--nproc with " + backend.name() + " runs on " + collectives.name() + " between GPUs, and this "
                    + "machine has none";
        }
        return null;
    }

    /**
     * Needs the engine's context.
     *
     * @throws UnsupportedOperationException always; use {@link #join(Rendezvous, ComputeContext)}
     */
    @Override
    public Collective join(Rendezvous rendezvous) {
        throw new UnsupportedOperationException(collectives.name() + " all-reduces on an engine's device memory; "
                + "join with the engine's context");
    }

    @Override
    public Collective join(Rendezvous rendezvous, ComputeContext context) {
        String missing = collectives.unavailable();
        if (missing != null) {
            throw new CollectiveException("rank " + rendezvous.rank() + ": " + missing);
        }
        PeerRoster roster = PeerRoster.meet(rendezvous, collectives::newGroupId);
        try {
            DeviceCollectives.Group group = collectives.join(context, roster.groupId(), rendezvous.rank(),
                    rendezvous.worldSize(), rendezvous.timeout());
            return new DeviceRanks(collectives.name(), group, roster);
        } catch (DeviceCollectives.Failure e) {
            String who = DeviceRanks.who(roster);
            roster.close();
            throw new CollectiveException("rank " + rendezvous.rank() + ": joining " + collectives.name()
                    + " failed: " + who + " (" + e.getMessage() + "); start every rank with the same WORLD_SIZE", e);
        } catch (RuntimeException e) {
            roster.close();
            throw e;
        }
    }
}
