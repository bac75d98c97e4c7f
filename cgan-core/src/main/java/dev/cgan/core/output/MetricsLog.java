package dev.cgan.core.output;

import dev.cgan.core.train.IterationRecord;
import dev.cgan.core.train.RunInfo;
import dev.cgan.core.train.RunSummary;
import dev.cgan.core.train.SampleGrid;
import dev.cgan.core.train.TrainingListener;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Appends one {@link MetricsLine} per iteration to {@code metrics.jsonl}.
 *
 * <p>Lines are flushed every {@value #FLUSH_LINES} iterations or {@value #FLUSH_SECONDS} seconds, whichever comes
 * first, and at every sample, before every checkpoint and at the end, so that {@code tail -f} follows a run and a crash
 * loses seconds, not the run. Flushing before the checkpoint matters: were a process killed after a checkpoint but
 * before its iterations' lines were written, the resumed run would start after them and they would be missing for
 * good. <b>Resume-safe:</b> when a run starts at iteration {@code k} the file keeps only lines of earlier
 * iterations, so iterations that ran after the last checkpoint of an interrupted run are not counted twice; the same
 * rule empties the file of a fresh run started in an old directory.
 */
public final class MetricsLog implements TrainingListener, AutoCloseable {

    static final int FLUSH_LINES = 100;
    static final int FLUSH_SECONDS = 2;

    private final Path file;
    private BufferedWriter out;
    private int unflushed;
    private long lastFlush;

    /** Logs to {@code file} (normally {@link RunDirectory#metrics()}). */
    public MetricsLog(Path file) {
        this.file = file;
    }

    /** Every well-formed line of a metrics file, in file order; damaged lines are skipped. Empty if no file. */
    public static List<MetricsLine> read(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(MetricsLine::parse).flatMap(Optional::stream).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + RunDirectory.reason(e), e);
        }
    }

    @Override
    public void onStart(RunInfo run) {
        closeWriter();
        try {
            keepBefore(run.firstIteration());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + file + ": " + RunDirectory.reason(e), e);
        }
    }

    @Override
    public void onIteration(IterationRecord record) {
        try {
            BufferedWriter w = writer();
            w.write(MetricsLine.of(record).toJson());
            w.write('\n');
            unflushed++;
            if (unflushed >= FLUSH_LINES || System.nanoTime() - lastFlush >= TimeUnit.SECONDS.toNanos(FLUSH_SECONDS)) {
                flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + RunDirectory.reason(e), e);
        }
    }

    @Override
    public void onSamples(SampleGrid samples) {
        flush();
    }

    /** The lines a checkpoint covers reach the file before the checkpoint does (see the class description). */
    @Override
    public void beforeCheckpoint(long iteration) {
        flush();
    }

    @Override
    public void onFinish(RunSummary summary) {
        close();
    }

    /** Writes out buffered lines. */
    public void flush() {
        if (out == null) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + RunDirectory.reason(e), e);
        }
        unflushed = 0;
        lastFlush = System.nanoTime();
    }

    /** Flushes and closes the file; idempotent (callers may close after a failed run that never reached onFinish). */
    @Override
    public void close() {
        try {
            flush();
        } finally {
            closeWriter();
        }
    }

    private void closeWriter() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + file + ": " + RunDirectory.reason(e), e);
            } finally {
                out = null;
            }
        }
    }

    private BufferedWriter writer() throws IOException {
        if (out == null) {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            lastFlush = System.nanoTime();
        }
        return out;
    }

    /** Drops lines of iterations at or after {@code firstIteration}, and damaged lines, rewriting atomically. */
    private void keepBefore(long firstIteration) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<String> kept = new ArrayList<>();
        boolean dropped = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Optional<MetricsLine> parsed = MetricsLine.parse(line);
            if (parsed.isPresent() && parsed.get().iteration() < firstIteration) {
                kept.add(line);
            } else {
                dropped = true;
            }
        }
        if (!dropped && endsWithNewline()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (String line : kept) {
            sb.append(line).append('\n');
        }
        AtomicFile.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private boolean endsWithNewline() throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            return true;
        }
        try (var channel = Files.newByteChannel(file)) {
            channel.position(size - 1);
            var last = java.nio.ByteBuffer.allocate(1);
            channel.read(last);
            return last.get(0) == '\n';
        }
    }
}
