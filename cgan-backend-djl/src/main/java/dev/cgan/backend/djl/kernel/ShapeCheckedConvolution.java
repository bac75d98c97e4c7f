package dev.cgan.backend.djl.kernel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * libtorch's own convolution, admitted shape by shape: the first time a shape (input, weight, stride, padding) comes,
 * libtorch's result on made-up data of exactly that shape — output, input gradient and weight gradient — is compared
 * with the im2col convolution's (itself checked against the definition when the backend opens), and the faster kernel
 * is used for that shape only if it matched; otherwise the shape keeps the im2col convolution. For where libtorch's
 * convolution fails its general self-check: measured on such a machine, its faults belong to shapes (small channel
 * counts, small problems; the same ones in every run), while the large layers of the DCGAN models were exact in every
 * trial and are several times faster than im2col.
 *
 * <p>The check costs one convolution of each kind, forward and backward, per new shape, once per context.
 */
public final class ShapeCheckedConvolution implements Convolution {

    /** How the device description names this convolution. */
    public static final String DESCRIPTION = "libtorch convolutions checked shape by shape, im2col where they fail";

    private static final System.Logger LOG = System.getLogger(ShapeCheckedConvolution.class.getName());

    private final Convolution candidate;
    private final Convolution reference;
    private final Map<Geometry, Convolution> chosen = new ConcurrentHashMap<>();

    /** libtorch's convolution (output channels padded to whole blocks) where it matches im2col, else im2col. */
    public ShapeCheckedConvolution() {
        this(BlockPaddedConvolution::apply, Convolution.IM2COL);
    }

    /** {@code candidate} where it matches {@code reference} shape by shape, else {@code reference}. */
    ShapeCheckedConvolution(Convolution candidate, Convolution reference) {
        this.candidate = candidate;
        this.reference = reference;
    }

    @Override
    public NDArray apply(NDArray input, NDArray weight, NDArray bias, int stride, int padding) {
        Geometry geometry = new Geometry(input.getShape(), weight.getShape(), stride, padding);
        Convolution convolution = chosen.computeIfAbsent(geometry, g -> choose(input, g));
        return convolution.apply(input, weight, bias, stride, padding);
    }

    private Convolution choose(NDArray input, Geometry g) {
        String difference = ConvolutionSelfCheck.agree(input.getManager(), candidate, reference, g.input, g.weight,
                g.stride, g.padding);
        LOG.log(System.Logger.Level.DEBUG, () -> difference == null
                ? "djl: libtorch's convolution matches im2col on " + g + "; using it there"
                : "djl: keeping im2col on " + g + ": " + difference);
        return difference == null ? candidate : reference;
    }

    /**
     * The shapes seen so far and the kernel each runs on ({@code libtorch} or {@code im2col}), keyed by
     * {@code input * weight sN pN}, sorted; for reports (cgan-bench, the djl probes), not for decisions.
     */
    public Map<String, String> choices() {
        Map<String, String> out = new java.util.TreeMap<>();
        chosen.forEach((g, c) -> out.put(g.input + " * " + g.weight + " s" + g.stride + " p" + g.padding,
                c == candidate ? "libtorch" : "im2col"));
        return out;
    }

    /** Whether the shape runs on the candidate (libtorch); null if it has not been seen yet. */
    Boolean usesCandidate(Shape input, Shape weight, int stride, int padding) {
        Convolution convolution = chosen.get(new Geometry(input, weight, stride, padding));
        return convolution == null ? null : convolution == candidate;
    }

    private record Geometry(Shape input, Shape weight, int stride, int padding) {
    }
}
