package dev.cgan.cli;

import dev.cgan.core.parallel.Rendezvous;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code train --nproc N}: starts N ranks as child JVMs on this machine, each with the command line of this process
 * minus {@code --nproc} and torchrun's environment (127.0.0.1, a free port, its rank), then waits for them. When a
 * rank fails, the others end on their own within the collective timeout (they see its connection close, or wait no
 * longer than the timeout); one that does not is stopped, and says so in one line.
 */
final class LocalRanks {

    private static final long POLL_MILLIS = 200;

    private final int ranks;
    private final Duration timeout;
    private final PrintWriter err;

    LocalRanks(int ranks, Duration timeout, PrintWriter err) {
        this.ranks = ranks;
        this.timeout = timeout;
        this.err = err;
    }

    /** Starts the ranks and returns the exit code of the first that failed, else rank 0's. */
    int run() {
        List<String> command = childCommand();
        Rendezvous base = new Rendezvous("127.0.0.1", freePort(), 0, ranks, 0, timeout);
        List<Process> children = new ArrayList<>();
        Thread reaper = new Thread(() -> stopAll(children));
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            for (int r = 0; r < ranks; r++) {
                ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
                pb.environment().putAll(base.forRank(r).environment());
                // libtorch logs each rank's connections at INFO; its warnings and errors still show.
                pb.environment().putIfAbsent("TORCH_CPP_LOG_LEVEL", "WARNING");
                if (System.getenv("OMP_NUM_THREADS") == null) {
                    // The ranks share this machine's cores instead of each starting one OpenMP thread per core.
                    pb.environment().put("OMP_NUM_THREADS",
                            Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors() / ranks)));
                }
                children.add(pb.start());
            }
            return await(children);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the ranks: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.INTERRUPTED;
        } finally {
            stopAll(children);
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook runs.
            }
        }
    }

    private int await(List<Process> children) throws InterruptedException {
        int failedRank = -1;
        int failedCode = 0;
        long giveUpAt = Long.MAX_VALUE;
        while (true) {
            boolean allDone = true;
            for (int r = 0; r < children.size(); r++) {
                Process p = children.get(r);
                if (p.isAlive()) {
                    allDone = false;
                } else if (p.exitValue() != 0 && failedRank < 0) {
                    failedRank = r;
                    failedCode = p.exitValue();
                    // The others end on their own once they notice; this is their last chance.
                    giveUpAt = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(10);
                }
            }
            if (allDone) {
                return failedRank >= 0 ? failedCode : children.get(0).exitValue();
            }
            if (System.nanoTime() > giveUpAt) {
                for (int r = 0; r < children.size(); r++) {
                    if (children.get(r).isAlive()) {
                        children.get(r).destroyForcibly();
                        err.println(CliErrors.PREFIX + "rank " + r + " did not stop within " + timeout.toSeconds()
                                + " s after rank " + failedRank + " failed; stopped it");
                        err.flush();
                    }
                }
                return failedCode;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** On Ctrl-C the ranks got the signal too and finish their iteration; give them the timeout to do so. */
    private void stopAll(List<Process> children) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Process p : children) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !p.waitFor(left, TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
    }

    /**
     * This JVM's command line without {@code --nproc N} (or {@code --nproc=N}): read from {@code /proc/self/cmdline}
     * where there is one (complete however long the module path), else from {@link ProcessHandle.Info}.
     */
    static List<String> childCommand() {
        List<String> line = new ArrayList<>();
        Path proc = Path.of("/proc/self/cmdline");
        if (Files.isReadable(proc)) {
            try {
                for (String part : new String(Files.readAllBytes(proc), StandardCharsets.UTF_8).split("\0")) {
                    line.add(part);
                }
            } catch (IOException e) {
                line.clear();
            }
        }
        if (line.isEmpty()) {
            ProcessHandle.Info info = ProcessHandle.current().info();
            info.command().ifPresent(line::add);
            info.arguments().ifPresent(a -> line.addAll(List.of(a)));
        }
        if (line.size() < 2) {
            throw new IllegalStateException("cannot read this process's command line to start the ranks; start them "
                    + "with a launcher that sets MASTER_ADDR, MASTER_PORT, RANK and WORLD_SIZE instead");
        }
        return withoutNproc(line);
    }

    static List<String> withoutNproc(List<String> args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--nproc")) {
                i++;
            } else if (!a.startsWith("--nproc=")) {
                out.add(a);
            }
        }
        return out;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port for the ranks' rendezvous: " + e.getMessage(), e);
        }
    }
}
