package dev.cgan.backend.onednn;

import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.spi.HostAdam;
import dev.cgan.api.spi.UpdateRule;
import java.nio.FloatBuffer;
import java.util.List;

/** {@code torch.optim.Adam} on oneDNN's plain host memory: the kit's {@link HostAdam}, split across threads. */
final class OnednnAdam implements UpdateRule<OnednnTensor> {

    private final OptimizerSpec.Adam spec;

    OnednnAdam(OptimizerSpec.Adam spec) {
        this.spec = spec;
    }

    @Override
    public void update(OnednnTensor parameter, List<OnednnTensor> state, long step) {
        FloatBuffer p = parameter.floats();
        FloatBuffer g = parameter.gradient().floats();
        FloatBuffer m = state.get(0).floats();
        FloatBuffer v = state.get(1).floats();
        HostAdam adam = new HostAdam(spec, step);
        HostLoops.inChunks(parameter.size(), (from, to) -> adam.update(p, g, m, v, from, to));
    }
}
