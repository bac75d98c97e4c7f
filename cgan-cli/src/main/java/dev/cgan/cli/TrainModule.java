package dev.cgan.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.name.Named;
import com.google.inject.name.Names;
import dev.cgan.cli.progress.ProgressBar;
import dev.cgan.cli.progress.ProgressLog;
import dev.cgan.cli.progress.RunAnnouncer;
import dev.cgan.core.data.Dataset;
import dev.cgan.core.data.DatasetLocator;
import dev.cgan.core.model.ModelCatalog;
import dev.cgan.core.output.LossPlot;
import dev.cgan.core.output.MetricsLog;
import dev.cgan.core.output.RunDirectory;
import dev.cgan.core.output.RunReportWriter;
import dev.cgan.core.output.RunSummaryWriter;
import dev.cgan.core.output.SampleGridWriter;
import dev.cgan.core.train.TrainingConfig;
import dev.cgan.core.train.TrainingListener;
import java.io.PrintWriter;

/**
 * The wiring of one {@code train} run, from the parsed options: which backend and device ({@link BackendModule}),
 * which data, the training configuration, and the listeners in the order they are called — console progress first,
 * then the files a person looks at (metrics, sample grids, loss plot, summary), and last the closing announcement that
 * lists those files.
 */
final class TrainModule extends AbstractModule {

    private final GlobalOptions global;
    private final TrainSettings settings;
    private final PrintWriter out;
    private final boolean terminal;

    TrainModule(GlobalOptions global, TrainSettings settings, PrintWriter out, boolean terminal) {
        this.global = global;
        this.settings = settings;
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    protected void configure() {
        install(new BackendModule(global));
        Multibinder<TrainingListener> listeners = Multibinder.newSetBinder(binder(), TrainingListener.class);
        listeners.addBinding().to(Key.get(TrainingListener.class, Names.named("progress")));
        listeners.addBinding().to(MetricsLog.class);
        listeners.addBinding().to(SampleGridWriter.class);
        listeners.addBinding().to(LossPlot.class);
        listeners.addBinding().to(RunSummaryWriter.class);
        listeners.addBinding().to(RunReportWriter.class); // reads the files the listeners above wrote
        listeners.addBinding().to(RunAnnouncer.class);
    }

    @Provides
    @Singleton
    Dataset dataset() {
        // Image folders are decoded once, to the shape the chosen model is made for.
        return DatasetLocator.locate(settings.data(), ModelCatalog.imageShape(settings.model()));
    }

    @Provides
    @Singleton
    TrainingConfig config(Dataset dataset) {
        long total = settings.steps() > 0 ? settings.steps()
                : (long) settings.epochs() * (dataset.size() / settings.batchSize());
        // About ten grids and checkpoints per run unless told otherwise: enough to watch it learn.
        int tenth = (int) Math.max(1, Math.min(Integer.MAX_VALUE, total / 10));
        int sampleEvery = settings.sampleEvery() != null ? settings.sampleEvery() : tenth;
        int checkpointEvery = settings.checkpointEvery() != null ? settings.checkpointEvery() : sampleEvery;
        try {
            return TrainingConfig.dcgan(settings.model(), settings.data(), settings.steps(), settings.epochs(),
                    settings.batchSize(), settings.lr(), settings.seed(), sampleEvery, checkpointEvery,
                    settings.samplesPerClass(), settings.out()).withEma(settings.ema())
                    .withDiffAugment(settings.diffAugment()).withLoss(settings.loss());
        } catch (IllegalArgumentException e) {
            throw new UsageException(OptionNames.messageOf(e), e);
        }
    }

    @Provides
    @Singleton
    RunDirectory runDirectory() {
        return RunDirectory.prepare(settings.out());
    }

    @Provides
    @Singleton
    @Named("progress")
    TrainingListener progress() {
        return terminal ? new ProgressBar(out) : new ProgressLog(out, ProgressLog.DEFAULT_EVERY);
    }

    @Provides
    @Singleton
    MetricsLog metricsLog(RunDirectory dir) {
        return new MetricsLog(dir.metrics());
    }

    @Provides
    @Singleton
    SampleGridWriter sampleGridWriter(RunDirectory dir) {
        return new SampleGridWriter(dir);
    }

    @Provides
    @Singleton
    LossPlot lossPlot(RunDirectory dir) {
        return new LossPlot(dir);
    }

    @Provides
    @Singleton
    RunSummaryWriter runSummaryWriter(RunDirectory dir) {
        return new RunSummaryWriter(dir);
    }

    @Provides
    @Singleton
    RunReportWriter runReportWriter(RunDirectory dir) {
        return new RunReportWriter(dir);
    }

    @Provides
    @Singleton
    RunAnnouncer runAnnouncer(RunDirectory dir) {
        return new RunAnnouncer(out, dir);
    }
}
