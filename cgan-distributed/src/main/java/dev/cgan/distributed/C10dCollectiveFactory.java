package dev.cgan.distributed;

import dev.cgan.api.Backend;
import dev.cgan.core.parallel.Collective;
import dev.cgan.core.parallel.CollectiveFactory;
import dev.cgan.core.parallel.Rendezvous;
import java.util.List;

/**
 * Data-parallel runs on PyTorch's c10d: Gloo between CPU engines. Found with {@link java.util.ServiceLoader}; nothing
 * native is loaded until {@link #join}.
 */
public final class C10dCollectiveFactory implements CollectiveFactory {

    /** The engines that may share their process with the c10d libtorch and keep their tensors on the host. */
    public static final List<String> ENGINES = List.of("nd4j", "onednn");

    @Override
    public String refusal(Backend backend, boolean gpu) {
        String name = backend.name();
        if (ENGINES.contains(name)) {
            return null;
        }
        String can = String.join(", ", ENGINES);
        if (name.equals("djl")) {
            return "--nproc cannot run the djl engine: DJL's libtorch and the libtorch of PyTorch's c10d (which the "
                    + "ranks talk through) cannot share a process; use --backend " + can;
        }
        if (name.equals("jcuda")) {
            return "Gloo does not serve jcuda, whose ranks exchange gradients on their GPUs through NCCL"
                    + (gpu ? "" : " (and this machine has no GPU)") + "; use --backend " + can + " for Gloo";
        }
        return "--nproc cannot run the " + name + " engine; use --backend " + can;
    }

    @Override
    public Collective join(Rendezvous rendezvous) {
        return GlooCollective.join(rendezvous);
    }
}
