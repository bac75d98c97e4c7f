package dev.cgan.cli;

import dev.cgan.api.Backend;
import dev.cgan.api.BackendUnavailableException;
import dev.cgan.api.DeviceKind;
import dev.cgan.core.parallel.CollectiveFactory;
import dev.cgan.core.parallel.Rendezvous;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * What {@code train} needs to know about data parallelism before anything is loaded: whether the ranks come from
 * {@code --nproc} or from a launcher's environment, which transport serves them (found with ServiceLoader: the
 * cgan-distributed module), and whether the chosen engine may take part.
 */
final class DataParallel {

    private DataParallel() {
    }

    /** The transport, or an error that says it is missing. */
    static CollectiveFactory factory() {
        return ServiceLoader.load(CollectiveFactory.class).findFirst().orElseThrow(
                () -> new BackendUnavailableException("data-parallel training needs the cgan-distributed module "
                        + "(PyTorch's c10d), which this installation lacks; rebuild cgan with it"));
    }

    /**
     * Refuses an engine that cannot run data-parallel, and a batch that does not split over the ranks.
     *
     * @throws UsageException with one line naming the engines that can
     */
    static void check(CollectiveFactory factory, Backend backend, int batchSize, int ranks) {
        boolean gpu = backend.availability().available()
                && backend.devices().stream().anyMatch(d -> d.kind() == DeviceKind.GPU);
        String refusal = factory.refusal(backend, gpu);
        if (refusal != null) {
            throw new UsageException(refusal);
        }
        if (batchSize % ranks != 0) {
            throw new UsageException("--batch-size " + batchSize + " is the global batch and does not split evenly "
                    + "over " + ranks + " ranks; use a multiple of " + ranks);
        }
    }

    /** The rendezvous a launcher's environment describes, or null when this process was not launched as a rank. */
    static Rendezvous fromEnvironment(Map<String, String> environment, Duration timeout) {
        if (!Rendezvous.isLaunched(environment)) {
            return null;
        }
        try {
            return Rendezvous.fromEnvironment(environment, timeout);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
