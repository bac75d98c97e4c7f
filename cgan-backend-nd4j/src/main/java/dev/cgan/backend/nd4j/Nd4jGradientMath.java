package dev.cgan.backend.nd4j;

import dev.cgan.api.spi.BackwardTape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The tape's gradient arithmetic on ND4J arrays; leaves accumulate into their gradient outside every workspace. With
 * a profiling timer installed, the sums and accumulations are timed as one entry.
 */
final class Nd4jGradientMath implements BackwardTape.GradientMath<Nd4jTensor, INDArray> {

    private final Nd4jContext context;

    Nd4jGradientMath(Nd4jContext context) {
        this.context = context;
    }

    @Override
    public INDArray onesLike(Nd4jTensor t) {
        return Nd4j.onesLike(t.array());
    }

    @Override
    public INDArray sum(INDArray a, INDArray b) {
        Nd4jOpTimer timer = context.timer();
        if (timer == null) {
            return a.add(b);
        }
        long start = System.nanoTime();
        INDArray total = a.add(b);
        timer.add("tape accumulate", System.nanoTime() - start);
        return total;
    }

    @Override
    public void accumulate(Nd4jTensor leaf, INDArray grad) {
        Nd4jOpTimer timer = context.timer();
        if (timer == null) {
            leaf.accumulate(grad);
            return;
        }
        long start = System.nanoTime();
        leaf.accumulate(grad);
        timer.add("tape accumulate", System.nanoTime() - start);
    }
}
