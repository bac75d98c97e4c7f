package dev.cgan.backend.djl.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.cgan.backend.djl.kernel.TransposedConvolution.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every transposed-convolution path against the definition ({@link NaiveTransposedConvolution}), forward and both
 * gradients, over geometries that each path claims, including odd sizes, padding beyond the kernel, and bias.
 * Tolerance: 2e-5 absolute plus 2e-5 relative to the largest reference magnitude (float32 sums of up to a few hundred
 * terms against double).
 */
class TransposedConvolutionTest {

    private static final double TOLERANCE = 2e-5;
    private static NDManager manager;
    private static String libtorchFault;
    private static final ShapeCheckedConvolution SHAPE_CHECKED = new ShapeCheckedConvolution();

    @BeforeAll
    static void engine() {
        manager = Engine.getEngine("PyTorch").newBaseManager();
        libtorchFault = ConvolutionSelfCheck.run(manager, Convolution.LIBTORCH);
    }

    @AfterAll
    static void release() {
        manager.close();
    }

    /** (convolution, path, n, in, out, H, W, k, s, p, bias): every geometry on every convolution. */
    static Stream<Arguments> geometries() {
        return pathGeometries().flatMap(g -> Stream.of("libtorch", "im2col", "shape-checked").map(c -> {
            Object[] args = new Object[g.get().length + 1];
            args[0] = c;
            System.arraycopy(g.get(), 0, args, 1, g.get().length);
            return Arguments.of(args);
        }));
    }

    /** (path, n, in, out, H, W, k, s, p, bias) */
    static Stream<Arguments> pathGeometries() {
        List<Arguments> cases = new ArrayList<>();
        // the seed's generator layers, small channels
        cases.add(Arguments.of(Path.PROJECTION, 2, 5, 3, 1, 1, 4, 1, 0, false));
        cases.add(Arguments.of(Path.DIRECT, 2, 5, 3, 1, 1, 4, 1, 0, false));
        cases.add(Arguments.of(Path.ZERO_INSERTION, 2, 5, 3, 1, 1, 4, 1, 0, false));
        for (Path path : new Path[] {Path.SUB_PIXEL, Path.SUB_PIXEL_FUSED, Path.ZERO_INSERTION}) {
            cases.add(Arguments.of(path, 2, 4, 3, 4, 4, 4, 2, 1, false));
            cases.add(Arguments.of(path, 1, 3, 2, 5, 3, 4, 2, 1, true));
            cases.add(Arguments.of(path, 2, 2, 3, 3, 4, 4, 2, 0, false));
            cases.add(Arguments.of(path, 1, 2, 2, 4, 4, 4, 2, 2, true));
            cases.add(Arguments.of(path, 1, 2, 3, 4, 5, 6, 3, 1, false));
            cases.add(Arguments.of(path, 1, 2, 2, 3, 3, 2, 2, 0, true));
            cases.add(Arguments.of(path, 1, 3, 2, 6, 6, 4, 2, 3, false));
            cases.add(Arguments.of(path, 1, 2, 2, 3, 3, 6, 2, 2, false));
        }
        for (Path path : new Path[] {Path.DIRECT, Path.ZERO_INSERTION}) {
            cases.add(Arguments.of(path, 2, 3, 2, 4, 5, 3, 1, 1, true));
            cases.add(Arguments.of(path, 1, 2, 2, 6, 6, 3, 1, 2, false)); // padding beyond k - 1: a crop
            cases.add(Arguments.of(path, 1, 2, 3, 2, 2, 4, 1, 0, false));
        }
        // only zero insertion takes strides that do not divide the kernel
        cases.add(Arguments.of(Path.ZERO_INSERTION, 1, 2, 3, 3, 4, 3, 2, 1, true));
        cases.add(Arguments.of(Path.ZERO_INSERTION, 2, 2, 2, 3, 3, 2, 3, 0, false));
        cases.add(Arguments.of(Path.ZERO_INSERTION, 1, 2, 2, 4, 4, 5, 3, 2, false));
        // projection with padding and bias
        cases.add(Arguments.of(Path.PROJECTION, 3, 4, 2, 1, 1, 5, 2, 1, true));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}: n{2} {3}->{4} {5}x{6} k{7} s{8} p{9} bias={10}")
    @MethodSource("geometries")
    void matchesTheDefinitionForwardAndBackward(String convolutionName, Path path, int n, int in, int out, int h,
                                                int w, int k, int s, int p, boolean withBias) {
        Convolution convolution = convolutionNamed(convolutionName);
        NaiveTransposedConvolution reference = new NaiveTransposedConvolution(n, in, out, h, w, k, s, p);
        SplittableRandom random = new SplittableRandom(31L * h + 7L * k + s + p + (withBias ? 1 : 0));
        float[] x = uniform(random, n * in * h * w);
        float[] weight = uniform(random, in * out * k * k);
        float[] bias = withBias ? uniform(random, out) : null;
        float[] upstream = uniform(random, n * out * reference.outHeight * reference.outWidth);

        try (NDScope scope = new NDScope(); GradientCollector tape = Engine.getEngine("PyTorch")
                .newGradientCollector()) {
            NDArray xa = manager.create(x, new Shape(n, in, h, w));
            NDArray wa = manager.create(weight, new Shape(in, out, k, k));
            NDArray ba = withBias ? manager.create(bias, new Shape(out)) : null;
            xa.setRequiresGradient(true);
            wa.setRequiresGradient(true);
            NDArray y = TransposedConvolution.apply(path, convolution, xa, wa, ba, s, p);
            assertEquals(new Shape(n, out, reference.outHeight, reference.outWidth), y.getShape());
            assertClose("output", reference.forward(x, weight, bias), y.toFloatArray());

            NDArray g = manager.create(upstream, y.getShape());
            tape.backward(y.mul(g).sum());
            assertClose("input gradient", reference.inputGradient(weight, upstream), xa.getGradient().toFloatArray());
            assertClose("weight gradient", reference.weightGradient(x, upstream), wa.getGradient().toFloatArray());
        }
    }

    @Test
    void choosesTheFastPathForTheSeedsLayers() {
        assertEquals(Path.PROJECTION, TransposedConvolution.choose(4, 1, 0, 1, 1));
        assertEquals(Path.SUB_PIXEL_FUSED, TransposedConvolution.choose(4, 2, 1, 4, 4));
        assertEquals(Path.DIRECT, TransposedConvolution.choose(3, 1, 1, 8, 8));
        assertEquals(Path.ZERO_INSERTION, TransposedConvolution.choose(3, 2, 1, 8, 8));
    }

    /** The named convolution; libtorch's only where it passes its self-check on this machine. */
    static Convolution convolutionNamed(String name) {
        if (name.equals("im2col")) {
            return Convolution.IM2COL;
        }
        if (name.equals("shape-checked")) {
            return SHAPE_CHECKED;
        }
        Assumptions.assumeTrue(libtorchFault == null,
                () -> "libtorch's convolution is faulty on this machine (" + libtorchFault + ")");
        return Convolution.LIBTORCH;
    }

    private static float[] uniform(SplittableRandom random, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static void assertClose(String what, double[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + " size");
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double bound = TOLERANCE + TOLERANCE * scale;
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]);
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        int where = at;
        double error = worst;
        assertTrue(worst <= bound, () -> what + ": max error " + error + " at " + where + " exceeds " + bound);
    }
}
