package dev.cgan.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C during training into a clean stop. The JVM runs shutdown hooks on SIGINT and exits when they return, so
 * the hook asks the trainer to stop and then <em>waits</em> until the run has finished its iteration, written its
 * samples and checkpoint and returned; only then may the process end (with status 130). Closing the handler (when the
 * run returns) releases a waiting hook and unregisters it.
 */
final class InterruptHandler implements AutoCloseable {

    /** How long Ctrl-C waits for the checkpoint before the process ends regardless. */
    static final Duration GRACE = Duration.ofMinutes(2);

    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean interrupted;

    private InterruptHandler(Runnable requestStop, PrintWriter err) {
        this.hook = new Thread(() -> {
            interrupted = true;
            err.println();
            err.println("cgan-cli: interrupted; finishing the current iteration and writing a checkpoint...");
            err.flush();
            requestStop.run();
            try {
                finished.await(GRACE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cgan-cli-interrupt");
    }

    /** Installs the hook: from now on Ctrl-C calls {@code requestStop} and waits for {@link #close()}. */
    static InterruptHandler install(Runnable requestStop, PrintWriter err) {
        InterruptHandler handler = new InterruptHandler(requestStop, err);
        Runtime.getRuntime().addShutdownHook(handler.hook);
        return handler;
    }

    /** Whether Ctrl-C was pressed. */
    boolean interrupted() {
        return interrupted;
    }

    /** The run is over: lets a waiting hook return, or removes the hook if Ctrl-C never came. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (Ctrl-C): the hook is running and has just been released.
        }
    }
}
