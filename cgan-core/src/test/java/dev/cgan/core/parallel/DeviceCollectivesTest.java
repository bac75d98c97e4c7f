package dev.cgan.core.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.DeviceCollectives;
import dev.cgan.api.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The rendezvous and failure naming of a transport on an engine's device memory (NCCL on jcuda), with an engine that
 * is only a stand-in: the group identity reaches every rank, a rank that never joins ends the rendezvous within the
 * timeout naming it, and a failed collective names the rank whose process is gone.
 */
class DeviceCollectivesTest {

    private static final byte[] ID = {1, 2, 3, (byte) 200, 0, 127};

    @Test
    void everyRankReceivesTheGroupIdentityRankZeroMade() {
        Rendezvous base = loopback(3, Duration.ofSeconds(20));
        List<CompletableFuture<PeerRoster>> ranks = List.of(
                CompletableFuture.supplyAsync(() -> PeerRoster.meet(base.forRank(0), ID::clone)),
                CompletableFuture.supplyAsync(() -> PeerRoster.meet(base.forRank(1), () -> new byte[] {9})),
                CompletableFuture.supplyAsync(() -> PeerRoster.meet(base.forRank(2), () -> new byte[] {9})));
        List<PeerRoster> rosters = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> ranks.stream().map(CompletableFuture::join).toList());
        try {
            for (PeerRoster r : rosters) {
                assertArrayEquals(ID, r.groupId());
                assertEquals(List.of(), r.gone());
            }
            rosters.get(2).close();
            assertEquals(List.of(2), rosters.get(0).gone(), "rank 0 sees the rank whose connection closed");
        } finally {
            rosters.forEach(PeerRoster::close);
        }
    }

    @Test
    void aRankThatNeverJoinsEndsTheRendezvousWithinTheTimeoutNamingIt() {
        Rendezvous alone = loopback(2, Duration.ofMillis(1500));
        CollectiveException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(CollectiveException.class, () -> PeerRoster.meet(alone, ID::clone)));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith("rank 0: not all 2 ranks joined within 1500 ms (missing: 1)"),
                e.getMessage());
    }

    @Test
    void aFailedCollectiveNamesTheRankWhoseProcessIsGone() {
        Rendezvous base = loopback(2, Duration.ofSeconds(20));
        StandIn engine = new StandIn();
        DeviceCollectiveFactory factory = new DeviceCollectiveFactory(engine);
        CompletableFuture<Collective> zero = CompletableFuture.supplyAsync(() -> factory.join(base.forRank(0), null));
        CompletableFuture<Collective> one = CompletableFuture.supplyAsync(() -> factory.join(base.forRank(1), null));
        Collective rank0 = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> zero.join());
        Collective rank1 = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> one.join());
        try {
            assertTrue(rank0.reducesTensors());
            assertArrayEquals(ID, engine.joinedWith);
            rank1.close(); // its process ends: the connection to rank 0 closes
            engine.fail = true;
            CollectiveException e = assertThrows(CollectiveException.class, () -> rank0.allReduceMean(List.of()));
            assertEquals("rank 0: all-reduce through STAND-IN failed: rank 1 died (all-reduce did not complete "
                    + "within 20000 ms); every rank stops, continue from the last checkpoint with --resume",
                    e.getMessage());
        } finally {
            rank0.close();
            rank1.close();
        }
    }

    @Test
    void aMissingLibraryIsReportedBeforeAnyRendezvous() {
        StandIn engine = new StandIn();
        engine.missing = "STAND-IN needs libstandin.so.2, which cannot be loaded here";
        DeviceCollectiveFactory factory = new DeviceCollectiveFactory(engine);
        assertEquals(engine.missing, factory.unavailable());
        CollectiveException e = assertThrows(CollectiveException.class,
                () -> factory.join(loopback(2, Duration.ofSeconds(20)), null));
        assertEquals("rank 0: " + engine.missing, e.getMessage());
    }

    private static Rendezvous loopback(int world, Duration timeout) {
        try (ServerSocket s = new ServerSocket(0)) {
            return new Rendezvous("127.0.0.1", s.getLocalPort(), 0, world, 0, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An engine's device collectives that exchange nothing; {@code fail} makes the next operation time out. */
    private static final class StandIn implements DeviceCollectives {

        volatile byte[] joinedWith;
        volatile boolean fail;
        volatile String missing;

        @Override
        public String name() {
            return "STAND-IN";
        }

        @Override
        public String unavailable() {
            return missing;
        }

        @Override
        public byte[] newGroupId() {
            return ID.clone();
        }

        @Override
        public Group join(ComputeContext context, byte[] groupId, int rank, int worldSize, Duration timeout) {
            joinedWith = groupId;
            return new Group() {
                @Override
                public void allReduceMean(List<Tensor> tensors) {
                    failIfAsked();
                }

                @Override
                public void allReduceMean(float[] values) {
                    failIfAsked();
                }

                @Override
                public void broadcast(float[] values, int root) {
                    failIfAsked();
                }

                @Override
                public void close() {
                }

                private void failIfAsked() {
                    if (fail) {
                        throw new Failure("all-reduce did not complete within " + timeout.toMillis() + " ms", true);
                    }
                }
            };
        }
    }
}
