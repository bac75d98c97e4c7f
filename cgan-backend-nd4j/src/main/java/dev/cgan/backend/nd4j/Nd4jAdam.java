package dev.cgan.backend.nd4j;

import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.spi.HostAdam;
import dev.cgan.api.spi.UpdateRule;
import java.nio.FloatBuffer;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code torch.optim.Adam} on ND4J's dense host arrays: the kit's {@link HostAdam}, split across threads. */
final class Nd4jAdam implements UpdateRule<Nd4jTensor> {

    private final Nd4jContext context;
    private final OptimizerSpec.Adam spec;

    Nd4jAdam(Nd4jContext context, OptimizerSpec.Adam spec) {
        this.context = context;
        this.spec = spec;
    }

    @Override
    public void update(Nd4jTensor parameter, List<Nd4jTensor> state, long step) {
        sweep(spec, step, parameter.array(), parameter.gradientArray(), state.get(0).array(), state.get(1).array());
    }

    /** Step {@code step} of {@code spec} on {@code parameter} and its moments {@code expAvg}, {@code expAvgSq}. */
    static void sweep(OptimizerSpec.Adam spec, long step, INDArray parameter, INDArray gradient, INDArray expAvg,
                      INDArray expAvgSq) {
        FloatBuffer p = DenseFloats.floats(parameter);
        FloatBuffer g = DenseFloats.floats(gradient);
        FloatBuffer m = DenseFloats.floats(expAvg);
        FloatBuffer v = DenseFloats.floats(expAvgSq);
        HostAdam adam = new HostAdam(spec, step);
        DenseFloats.inChunks(Math.toIntExact(parameter.length()), (from, to) -> adam.update(p, g, m, v, from, to));
    }

    @Override
    public void aroundStep(Runnable updates) {
        Nd4jOpTimer.timed(context, "Nd4jAdam step", updates);
    }
}
