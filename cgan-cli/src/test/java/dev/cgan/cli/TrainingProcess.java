package dev.cgan.cli;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A {@link ToyTrainingProcess} running in its own JVM — this test JVM's {@code java}, with every jar and class folder
 * of this test run on its class path — whose stdout and stderr go to files, so that tests can kill or interrupt it like
 * a user would and then look at what it left.
 */
final class TrainingProcess implements AutoCloseable {

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private TrainingProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code cgan-cli args} with the toy backend; output goes to {@code logs/<name>.out} and {@code .err}. */
    static TrainingProcess start(Path logs, String name, List<String> args) throws IOException {
        return start(logs, name, ToyTrainingProcess.class.getName(), args);
    }

    /**
     * Starts {@code mainClass} ({@link ToyTrainingProcess}, or {@link Main} itself with the engines installed in this
     * test run) with {@code args}; output goes to {@code logs/<name>.out} and {@code .err}.
     */
    static TrainingProcess start(Path logs, String name, String mainClass, List<String> args) throws IOException {
        Files.createDirectories(logs);
        // The launcher's direct-memory cap (bin/cgan-cli): checkpoints must be read and written within it.
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx384m", "-XX:MaxDirectMemorySize=16m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Dguice_bytecode_gen_option=DISABLED",
                "-Djava.awt.headless=true", "-cp", classPath(), mainClass));
        command.addAll(args);
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new TrainingProcess(p, out, err);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends {@code signal} ({@code INT}, {@code TERM}) as {@code kill -SIGNAL pid} in a shell does. */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("sh", "-c", "kill -" + signal + " " + process.pid()).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** {@code kill -9}: the process gets no chance to clean up. */
    void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Waits for the process to end and returns its exit code. */
    int waitFor(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the process did not end within " + limit + "; stderr:\n" + err());
        }
        return process.exitValue();
    }

    String out() {
        return read(stdout);
    }

    String err() {
        return read(stderr);
    }

    /**
     * Polls {@code condition} every {@code every} until it holds; fails if the process ends first or {@code limit}
     * passes.
     */
    void await(String what, Duration limit, Duration every, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("the process ended (exit " + process.exitValue() + ") before " + what
                        + "; stderr:\n" + err());
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no " + what + " within " + limit + "; stderr:\n" + err());
            }
            Thread.sleep(every.toMillis());
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** This test's classes, then everything on this JVM's module path and class path. */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        entries.add(testClasses().toString());
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                entries.addAll(List.of(value.split(File.pathSeparator)));
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Path testClasses() {
        String resource = ToyTrainingProcess.class.getSimpleName() + ".class";
        try {
            Path classFile = Path.of(ToyTrainingProcess.class.getResource(resource).toURI());
            Path root = classFile.getParent();
            for (int i = 0; i < ToyTrainingProcess.class.getPackageName().split("\\.").length; i++) {
                root = root.getParent();
            }
            return root;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
