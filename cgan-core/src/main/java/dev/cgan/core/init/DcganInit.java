package dev.cgan.core.init;

import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.ConditionalBatchNorm2d;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.layer.Embedding;
import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.layer.Linear;
import dev.cgan.api.layer.Maxout;
import dev.cgan.api.layer.SpectralNorm;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.core.model.Network;
import dev.cgan.core.model.NetworkSpec;
import dev.cgan.core.model.StateNames;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The DCGAN initialisation (Radford et al., 2015, and PyTorch's DCGAN tutorial {@code weights_init}), computed on the
 * host from a {@link SeededRandom} and uploaded, so that every backend starts from identical numbers:
 * <ul>
 *   <li>Conv2d, ConvTranspose2d, Linear and Maxout weights: N(0, 0.02); their biases: 0 (the paper's MLP uses the
 *       same, so every model starts from one rule).</li>
 *   <li>BatchNorm2d weight (gamma): N(1, 0.02); bias (beta): 0; running mean 0, running variance 1.</li>
 *   <li>ConditionalBatchNorm2d, the same per class: weight (every class's gamma) N(1, 0.02), bias 0, running mean 0,
 *       running variance 1.</li>
 *   <li>Embedding weight: N(0, 0.02), like every other weight.</li>
 *   <li>SpectralNorm: the wrapped layer's rule, on {@code weight_orig} (N(0, 0.02)) and {@code bias} (0); the power
 *       iteration's {@code weight_u} and {@code weight_v} the unit vectors {@link SpectralNorm#initialVector} gives,
 *       which do not consume the stream.</li>
 * </ul>
 * Values are drawn layer by layer, parameter by parameter, in {@code state_dict} order, each tensor's elements in
 * row-major order; only randomly initialised tensors consume the stream.
 */
public final class DcganInit {

    /** Standard deviation of every random initial value. */
    public static final double STD = 0.02;

    private DcganInit() {
    }

    /**
     * The initial value of every parameter and buffer of {@code spec}, by {@code state_dict} name, in order.
     * Pure host computation: the values a backend receives from {@link #apply(Network, SeededRandom)}.
     */
    public static Map<String, float[]> initialValues(NetworkSpec spec, SeededRandom rng) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec layer = spec.layers().get(i);
            for (var p : layer.parameterShapes().entrySet()) {
                values.put(StateNames.of(spec, i, p.getKey()), parameterValue(layer, p.getKey(), p.getValue(), rng));
            }
            for (var b : layer.bufferShapes().entrySet()) {
                values.put(StateNames.of(spec, i, b.getKey()), bufferValue(layer, b.getKey(), b.getValue()));
            }
        }
        return values;
    }

    /** Initialises {@code network} in place: computes {@link #initialValues} and copies them into its tensors. */
    public static void apply(Network network, SeededRandom rng) {
        Map<String, float[]> values = initialValues(network.spec(), rng);
        Map<String, Tensor> state = network.state();
        if (!state.keySet().equals(values.keySet())) {
            throw new IllegalStateException("the backend's layers of " + network.spec().prefix() + " expose "
                    + state.keySet() + " but the specs declare " + values.keySet());
        }
        for (var e : state.entrySet()) {
            e.getValue().copyFrom(values.get(e.getKey()));
        }
    }

    private static float[] parameterValue(LayerSpec layer, String name, Shape shape, SeededRandom rng) {
        float[] v = new float[shape.sizeAsInt()];
        boolean weight = name.equals("weight");
        if (layer instanceof SpectralNorm) {
            if (name.equals("weight_orig")) {
                rng.fillGaussian(v, 0.0, STD);
            }
        } else if (layer instanceof Conv2d || layer instanceof ConvTranspose2d || layer instanceof Linear
                || layer instanceof Maxout) {
            if (weight) {
                rng.fillGaussian(v, 0.0, STD);
            }
        } else if (layer instanceof Embedding) {
            rng.fillGaussian(v, 0.0, STD);
        } else if (layer instanceof BatchNorm2d || layer instanceof ConditionalBatchNorm2d) {
            if (weight) {
                rng.fillGaussian(v, 1.0, STD);
            }
        } else {
            throw new IllegalArgumentException("no DCGAN initialisation for " + layer.typeName() + "." + name);
        }
        return v;
    }

    private static float[] bufferValue(LayerSpec layer, String name, Shape shape) {
        if (layer instanceof SpectralNorm sn) {
            return sn.initialVector(name);
        }
        float[] v = new float[shape.sizeAsInt()];
        if (name.equals("running_var")) {
            Arrays.fill(v, 1f);
        } else if (!name.equals("running_mean")) {
            throw new IllegalArgumentException("no DCGAN initialisation for buffer " + name);
        }
        return v;
    }
}
