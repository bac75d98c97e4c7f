package dev.cgan.core.parallel;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The rendezvous of a transport that has none of its own (NCCL): rank 0 listens on {@code MASTER_PORT}, every other
 * rank connects, says who it is and receives the group identity rank 0 made. The connections stay open for the run, so
 * that after a failed collective a rank can tell which peers are gone: a process that dies closes its connection.
 */
final class PeerRoster implements AutoCloseable {

    private static final int MAGIC = 0x6367616e; // "cgan"
    private static final long RETRY_MILLIS = 100;

    private final Rendezvous rendezvous;
    private final byte[] groupId;
    private final ServerSocket server;
    /** Rank 0: a connection per other rank; any other rank: its connection to rank 0, under key 0. */
    private final Map<Integer, Socket> peers;

    private PeerRoster(Rendezvous rendezvous, byte[] groupId, ServerSocket server, Map<Integer, Socket> peers) {
        this.rendezvous = rendezvous;
        this.groupId = groupId;
        this.server = server;
        this.peers = peers;
    }

    /**
     * Meets the other ranks; returns once all have met (rank 0) or this rank has the identity.
     *
     * @param newGroupId called on rank 0 only
     * @throws CollectiveException naming what did not happen within the timeout
     */
    static PeerRoster meet(Rendezvous r, Supplier<byte[]> newGroupId) {
        long deadline = System.nanoTime() + r.timeout().toNanos();
        return r.rank() == 0 ? serve(r, newGroupId.get(), deadline) : connect(r, deadline);
    }

    private static PeerRoster serve(Rendezvous r, byte[] id, long deadline) {
        ServerSocket server;
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(r.masterPort()));
        } catch (IOException e) {
            throw new CollectiveException("rank 0: cannot serve the rendezvous on port " + r.masterPort() + " ("
                    + e.getMessage() + "); choose a free MASTER_PORT", e);
        }
        Map<Integer, Socket> peers = new TreeMap<>();
        try {
            while (peers.size() < r.worldSize() - 1) {
                int left = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                if (System.nanoTime() > deadline) {
                    throw new SocketTimeoutException();
                }
                server.setSoTimeout(left);
                Socket s = server.accept();
                s.setSoTimeout(left);
                DataInputStream in = new DataInputStream(s.getInputStream());
                int magic = in.readInt();
                int rank = in.readInt();
                int world = in.readInt();
                if (magic != MAGIC || world != r.worldSize() || rank <= 0 || rank >= r.worldSize()
                        || peers.containsKey(rank)) {
                    s.close();
                    throw new CollectiveException("rank 0: a peer joined as rank " + rank + " of " + world
                            + " into a run of " + r.worldSize() + "; start every rank with the same WORLD_SIZE and "
                            + "a RANK of its own");
                }
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeInt(id.length);
                out.write(id);
                out.flush();
                peers.put(rank, s);
            }
            return new PeerRoster(r, id, server, peers);
        } catch (IOException e) {
            closeAll(server, peers);
            List<Integer> missing = new ArrayList<>();
            for (int k = 1; k < r.worldSize(); k++) {
                if (!peers.containsKey(k)) {
                    missing.add(k);
                }
            }
            throw new CollectiveException("rank 0: not all " + r.worldSize() + " ranks joined within "
                    + r.timeout().toMillis() + " ms (missing: " + names(missing) + "); start every rank with the "
                    + "same WORLD_SIZE", e);
        } catch (RuntimeException e) {
            closeAll(server, peers);
            throw e;
        }
    }

    private static PeerRoster connect(Rendezvous r, long deadline) {
        IOException last = null;
        while (System.nanoTime() < deadline) {
            Socket s = new Socket();
            try {
                int left = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                s.connect(new InetSocketAddress(r.masterAddress(), r.masterPort()), Math.min(left, 1000));
                s.setSoTimeout(left);
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeInt(MAGIC);
                out.writeInt(r.rank());
                out.writeInt(r.worldSize());
                out.flush();
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] id = new byte[in.readInt()];
                in.readFully(id);
                s.setSoTimeout(0);
                return new PeerRoster(r, id, null, new TreeMap<>(Map.of(0, s)));
            } catch (IOException e) {
                last = e;
                try {
                    s.close();
                    Thread.sleep(RETRY_MILLIS);
                } catch (IOException ignored) {
                    // Closing a socket that never connected.
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new CollectiveException("rank " + r.rank() + ": cannot reach the rendezvous at " + r.masterAddress()
                + ":" + r.masterPort() + " within " + r.timeout().toMillis() + " ms ("
                + (last == null ? "interrupted" : last.getMessage()) + "); check that rank 0 runs and that "
                + "MASTER_ADDR and MASTER_PORT point to it", last);
    }

    /** The identity rank 0 made, as every rank received it. */
    byte[] groupId() {
        return groupId.clone();
    }

    /**
     * The peers whose connection has closed (their process ended): rank 0 sees every other rank, the others only rank
     * 0. Waits at most a moment for each.
     */
    synchronized List<Integer> gone() {
        List<Integer> gone = new ArrayList<>();
        for (Map.Entry<Integer, Socket> e : peers.entrySet()) {
            Socket s = e.getValue();
            try {
                s.setSoTimeout(50);
                if (s.getInputStream().read() < 0) {
                    gone.add(e.getKey());
                }
            } catch (SocketTimeoutException alive) {
                // Still connected: it may be hanging, but it has not gone.
            } catch (IOException closed) {
                gone.add(e.getKey());
            }
        }
        return gone;
    }

    /** This rank's view of the run. */
    Rendezvous rendezvous() {
        return rendezvous;
    }

    @Override
    public synchronized void close() {
        closeAll(server, peers);
    }

    static String names(List<Integer> ranks) {
        return ranks.toString().replaceAll("[\\[\\]]", "");
    }

    private static void closeAll(ServerSocket server, Map<Integer, Socket> peers) {
        for (Socket s : peers.values()) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Leaving: nothing more to say to it.
            }
        }
        if (server != null) {
            try {
                server.close();
            } catch (IOException ignored) {
                // Leaving.
            }
        }
    }
}
