package dev.cgan.core.eval;

import dev.cgan.core.output.EvalPlot;
import dev.cgan.core.train.IterationRecord;
import dev.cgan.core.train.RunSummary;
import dev.cgan.core.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Evaluates the generator every {@code every} iterations of a run and at its end ({@code train --eval-every N}):
 * one JSON line per evaluation appended to {@code eval.jsonl}, and {@code eval.png} redrawn.
 */
public final class EvaluationTracker implements TrainingListener {

    /** The JSON-lines file in the run directory. */
    public static final String LOG_FILE = "eval.jsonl";

    /** The plot in the run directory. */
    public static final String PLOT_FILE = "eval.png";

    private final Path runDirectory;
    private final int every;
    private final LongFunction<Evaluation> measure;
    private final List<Evaluation> done = new ArrayList<>();
    private long lastIteration = -1;
    private long lastEvaluated = -1;

    /**
     * @param runDirectory where {@code eval.jsonl} and {@code eval.png} go
     * @param every        iterations between evaluations, at least 1
     * @param measure      evaluates the current generator, given the iteration
     */
    public EvaluationTracker(Path runDirectory, int every, LongFunction<Evaluation> measure) {
        if (every < 1) {
            throw new IllegalArgumentException("evaluation interval must be at least 1, got " + every);
        }
        this.runDirectory = runDirectory;
        this.every = every;
        this.measure = measure;
    }

    @Override
    public void onIteration(IterationRecord record) {
        lastIteration = record.iteration();
        if (record.iteration() % every == 0) {
            evaluate(record.iteration());
        }
    }

    @Override
    public void onFinish(RunSummary summary) {
        if (lastIteration > 0 && lastEvaluated != lastIteration && !summary.stopReason().startsWith("diverged")) {
            evaluate(lastIteration);
        }
    }

    /** The evaluations made so far, in order. */
    public List<Evaluation> evaluations() {
        return List.copyOf(done);
    }

    private void evaluate(long iteration) {
        Evaluation e = measure.apply(iteration);
        done.add(e);
        lastEvaluated = iteration;
        try {
            Files.writeString(runDirectory.resolve(LOG_FILE), e.toJsonLine() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot append to " + runDirectory.resolve(LOG_FILE) + ": "
                    + ex.getMessage(), ex);
        }
        int n = done.size();
        double[] xs = new double[n];
        double[] accuracy = new double[n];
        double[] frechet = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = done.get(i).iteration();
            accuracy[i] = done.get(i).generatedAccuracy();
            frechet[i] = done.get(i).frechetDistance();
        }
        EvalPlot.write(runDirectory.resolve(PLOT_FILE), xs, e.ceilingAccuracy(), accuracy, frechet);
    }
}
