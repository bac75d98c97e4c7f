package dev.cgan.core.checkpoint;

import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.core.data.SamplerState;
import dev.cgan.core.fakes.HostContext;
import dev.cgan.core.init.DcganInit;
import dev.cgan.core.init.SeededRandom;
import dev.cgan.core.model.ModelCatalog;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.model.Network;
import dev.cgan.core.train.TrainingConfig;
import java.nio.file.Path;
import java.util.List;

/** Host-only networks and settings shaped like a real run, for checkpoint tests. */
final class Fixtures {

    static final ModelSpec MODEL = ModelCatalog.dcgan32(10, 1);

    private Fixtures() {
    }

    /** Generator and discriminator of {@link #MODEL} after {@code iteration} iterations, with values from {@code seed}. */
    static List<TrainedNetwork> networks(long seed, long iteration) {
        HostContext context = new HostContext();
        SeededRandom random = new SeededRandom(seed);
        Network g = new Network(context, MODEL.generator());
        Network d = new Network(context, MODEL.discriminator());
        DcganInit.apply(g, random);
        DcganInit.apply(d, random);
        OptimizerSpec adam = OptimizerSpec.Adam.dcgan();
        Optimizer og = context.optimizer(adam, List.copyOf(g.parameters().values()));
        Optimizer od = context.optimizer(adam, List.copyOf(d.parameters().values()));
        randomise(g, og, random);
        randomise(d, od, random);
        og.setSteps(iteration);
        od.setSteps(iteration);
        return List.of(new TrainedNetwork(g, og, iteration), new TrainedNetwork(d, od, 3 * iteration));
    }

    /** Fresh networks with default values (what a resuming trainer loads into). */
    static List<TrainedNetwork> blankNetworks() {
        HostContext context = new HostContext();
        Network g = new Network(context, MODEL.generator());
        Network d = new Network(context, MODEL.discriminator());
        OptimizerSpec adam = OptimizerSpec.Adam.dcgan();
        return List.of(
                new TrainedNetwork(g, context.optimizer(adam, List.copyOf(g.parameters().values())), 0),
                new TrainedNetwork(d, context.optimizer(adam, List.copyOf(d.parameters().values())), 0));
    }

    static TrainingConfig config(Path out) {
        return new TrainingConfig("dcgan32", null, 6000, 0, 64, 2e-4, 0.5, 0.999, 42, 500, 1000, 8, out);
    }

    static CheckpointInfo info(long iteration, Path out) {
        return new CheckpointInfo(iteration, config(out), List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
                "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"), 10_000, "embedded test split",
                -1234567890123456789L, new SamplerState(2, 128, 0x9E3779B97F4A7C15L));
    }

    static TrainingSnapshot snapshot(long iteration, Path out) {
        return new TrainingSnapshot(info(iteration, out), StateDict.capture(networks(iteration, iteration)));
    }

    private static void randomise(Network network, Optimizer optimizer, SeededRandom random) {
        // Buffers and optimizer moments get distinct non-default values, so a missed copy shows.
        for (Tensor t : network.buffers().values()) {
            t.copyFrom(values(t, random));
        }
        for (int i = 0; i < optimizer.parameters().size(); i++) {
            for (Tensor t : optimizer.state(i).values()) {
                t.copyFrom(values(t, random));
            }
        }
    }

    private static float[] values(Tensor t, SeededRandom random) {
        float[] v = new float[t.shape().sizeAsInt()];
        random.fillGaussian(v, 0.5, 0.1);
        return v;
    }
}
