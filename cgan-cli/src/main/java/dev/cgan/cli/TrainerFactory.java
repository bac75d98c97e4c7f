package dev.cgan.cli;

import dev.cgan.api.ComputeContext;
import dev.cgan.core.data.Dataset;
import dev.cgan.core.parallel.Collective;
import dev.cgan.core.train.Trainer;
import dev.cgan.core.train.TrainingConfig;
import dev.cgan.core.train.TrainingListener;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;

/**
 * Builds the trainer from what Guice resolved (settings, data, listeners in registration order) once the command has
 * opened the backend: the compute context is opened and closed by the command, not by the injector, since it owns
 * native memory.
 */
final class TrainerFactory {

    private final TrainingConfig config;
    private final Dataset dataset;
    private final List<TrainingListener> listeners;

    @Inject
    TrainerFactory(TrainingConfig config, Dataset dataset, Set<TrainingListener> listeners) {
        this.config = config;
        this.dataset = dataset;
        this.listeners = List.copyOf(listeners);
    }

    Trainer create(ComputeContext context) {
        return create(context, List.of());
    }

    /** A trainer whose listeners are the injected ones followed by {@code extra}. */
    Trainer create(ComputeContext context, List<TrainingListener> extra) {
        return create(context, extra, Collective.single());
    }

    /** A trainer for rank 0 of a data-parallel run (or the only process, with {@link Collective#single()}). */
    Trainer create(ComputeContext context, List<TrainingListener> extra, Collective collective) {
        List<TrainingListener> all = new java.util.ArrayList<>(listeners);
        all.addAll(extra);
        return new Trainer(context, config, dataset, all, collective);
    }

    /** The listeners, for closing those that hold files when a run fails before its end. */
    List<TrainingListener> listeners() {
        return listeners;
    }
}
