package dev.cgan.bench;

import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.layer.Linear;
import dev.cgan.api.tensor.Shape;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.model.NetworkSpec;
import java.util.Locale;

/**
 * The arithmetic of one training iteration, counted from the model's spec: multiply-accumulates (MACs) of every
 * convolution, transposed convolution and linear layer. The convention is the usual one: a backward pass costs twice
 * its forward (input gradient and weight gradient), so a pass that is back-propagated costs 3× its forward MACs.
 *
 * <p>One iteration back-propagates three discriminator passes (real; fake with the gradient cut; fake for G's loss)
 * and one generator pass: {@code MACs = 3 · (3 · D + G)}, {@code FLOP = 2 · MACs}. This counts what the model asks
 * for (a backend that skips work, such as the first layer's input gradient of the real batch, does less).
 *
 * <pre>java -cp cgan-bench.jar dev.cgan.bench.IterationWork dcgan64 64</pre>
 */
public final class IterationWork {

    private IterationWork() {
    }

    /** Forward MACs of {@code network} on input {@code shape}. */
    static long forwardMacs(NetworkSpec network, Shape shape) {
        long macs = 0;
        for (LayerSpec layer : network.layers()) {
            Shape out = layer.outputShape(shape);
            if (layer instanceof Conv2d conv) {
                // Every output element sums in · k · k products.
                macs += out.size() * conv.in() * (long) conv.kernel() * conv.kernel();
            } else if (layer instanceof ConvTranspose2d deconv) {
                // Every input element is scattered through out · k · k kernel taps.
                macs += shape.size() * deconv.out() * (long) deconv.kernel() * deconv.kernel();
            } else if (layer instanceof Linear linear) {
                macs += out.size() * (long) linear.in();
            }
            shape = out;
        }
        return macs;
    }

    /** Forward MACs of the generator at batch {@code n}. */
    static long generatorMacs(ModelSpec model, int n) {
        return forwardMacs(model.generator(), Shape.of(n, model.zDim() + model.numClasses(), 1, 1));
    }

    /** Forward MACs of the discriminator at batch {@code n}. */
    static long discriminatorMacs(ModelSpec model, int n) {
        return forwardMacs(model.discriminator(),
                Shape.of(n, model.channels() + model.numClasses(), model.imageSize(), model.imageSize()));
    }

    /** Floating-point operations of one iteration at batch {@code n}: {@code 2 · 3 · (3 · D + G)}. */
    public static long iterationFlop(ModelSpec model, int n) {
        return 2L * 3L * (3L * discriminatorMacs(model, n) + generatorMacs(model, n));
    }

    /**
     * Prints one JSON line: the model, the batch, the image (channels, size) and classes, forward MACs of G and D, and
     * FLOP per iteration (what {@code scripts/record-iteration-work} keeps in docs/results/iteration-work.jsonl).
     */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: IterationWork dcgan64|dcgan32 BATCH");
            System.exit(2);
        }
        ModelSpec model = TrainingSetup.model(args[0]);
        int n = Integer.parseInt(args[1]);
        System.out.printf(Locale.ROOT, "{\"model\":\"%s\",\"batch\":%d,\"channels\":%d,\"image_size\":%d,"
                        + "\"classes\":%d,\"generator_forward_macs\":%d,\"discriminator_forward_macs\":%d,"
                        + "\"iteration_flop\":%d}%n", model.name(), n, model.channels(), model.imageSize(),
                model.numClasses(), generatorMacs(model, n), discriminatorMacs(model, n), iterationFlop(model, n));
    }
}
