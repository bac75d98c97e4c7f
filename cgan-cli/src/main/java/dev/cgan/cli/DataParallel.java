package dev.cgan.cli;

import dev.cgan.api.Backend;
import dev.cgan.api.BackendUnavailableException;
import dev.cgan.api.Device;
import dev.cgan.api.DeviceKind;
import dev.cgan.core.parallel.CollectiveFactory;
import dev.cgan.core.parallel.DeviceCollectiveFactory;
import dev.cgan.core.parallel.Rendezvous;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * What {@code train} needs to know about data parallelism before anything is loaded: whether the ranks come from
 * {@code --nproc} or from a launcher's environment, which transport serves them (the engine's own device collectives
 * where it offers them: NCCL on jcuda; else found with ServiceLoader: the cgan-distributed module's Gloo), and whether
 * the chosen engine may take part.
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

    /** The engine's own device collectives (NCCL on jcuda) where it offers them, else {@link #factory()}. */
    static CollectiveFactory transport(Backend backend) {
        DeviceCollectiveFactory device = DeviceCollectiveFactory.of(backend);
        return device != null ? device : factory();
    }

    /**
     * Refuses an engine that cannot run data-parallel, and a batch that does not split over the ranks.
     *
     * @throws UsageException with one line naming the engines that can
     * @throws BackendUnavailableException with one line naming the library a device transport lacks (libnccl)
     */
    static void check(CollectiveFactory factory, Backend backend, int batchSize, int ranks) {
        boolean gpu = backend.availability().available()
                && backend.devices().stream().anyMatch(d -> d.kind() == DeviceKind.GPU);
        String refusal = factory.refusal(backend, gpu);
        if (refusal != null) {
            throw new UsageException(refusal);
        }
        if (factory instanceof DeviceCollectiveFactory device) {
            String missing = device.unavailable();
            if (missing != null) {
                throw new BackendUnavailableException(missing);
            }
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

    /**
     * {@code --nproc N} on one machine with a device transport: every rank needs a GPU of its own (NCCL refuses two
     * ranks on one GPU).
     *
     * @throws UsageException when the machine has fewer GPUs than ranks
     */
    static void checkGpuPerRank(CollectiveFactory factory, Backend backend, int ranks) {
        if (!(factory instanceof DeviceCollectiveFactory)) {
            return;
        }
        long gpus = backend.devices().stream().filter(d -> d.kind() == DeviceKind.GPU).count();
        if (ranks > gpus) {
            throw new UsageException("--nproc " + ranks + " with " + backend.name() + " needs a GPU per rank; this "
                    + "machine has " + gpus + " (use --nproc " + gpus + " or fewer)");
        }
    }

    /**
     * The GPU of a rank on a device transport: {@code gpu:LOCAL_RANK}, as torchrun's scripts choose it, unless the
     * user named one; the only GPU when each rank sees just one (a launcher that sets {@code CUDA_VISIBLE_DEVICES} per
     * rank).
     *
     * @throws UsageException when the machine has no GPU for this local rank
     */
    static Device rankDevice(Backend backend, Device chosen, String requested, Rendezvous rendezvous) {
        if (chosen.kind() != DeviceKind.GPU || (requested != null && requested.contains(":"))) {
            return chosen;
        }
        List<Device> gpus = backend.devices().stream().filter(d -> d.kind() == DeviceKind.GPU).toList();
        int local = rendezvous.localRank();
        if (local < gpus.size()) {
            return gpus.get(local);
        }
        if (gpus.size() == 1) {
            return gpus.get(0);
        }
        throw new UsageException("rank " + rendezvous.rank() + " (LOCAL_RANK " + local + ") has no GPU of its own: "
                + "this machine has " + gpus.size() + "; start at most " + gpus.size() + " ranks on it");
    }
}
