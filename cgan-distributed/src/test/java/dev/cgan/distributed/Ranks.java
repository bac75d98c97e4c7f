package dev.cgan.distributed;

import dev.cgan.core.parallel.Rendezvous;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Runs the ranks of a test's data-parallel run on loopback, one thread each, and collects what each returns. */
final class Ranks {

    private Ranks() {
    }

    /** A rendezvous on 127.0.0.1 at a free port for rank 0 of {@code world} ranks. */
    static Rendezvous loopback(int world, Duration timeout) {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new Rendezvous("127.0.0.1", socket.getLocalPort(), 0, world, 0, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code rank} for every rank on its own thread; rethrows the first failure. */
    static <T> List<T> run(int world, IntFunction<T> rank) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(world);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int r = 0; r < world; r++) {
                int id = r;
                futures.add(pool.submit(() -> rank.apply(id)));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception c ? c : e;
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
