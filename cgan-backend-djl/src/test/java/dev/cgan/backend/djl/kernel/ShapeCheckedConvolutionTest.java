package dev.cgan.backend.djl.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shape-checked convolution (libtorch's kernel on the shapes where it matches im2col): whatever it picks for a
 * shape, its output and gradients match the definition (tolerance of {@link Im2colConvolutionTest}); a candidate that
 * is wrong on a shape, in its output or only in a gradient, is not used for that shape.
 */
class ShapeCheckedConvolutionTest {

    private static NDManager manager;
    private static ShapeCheckedConvolution shared;

    @BeforeAll
    static void engine() {
        manager = Engine.getEngine("PyTorch").newBaseManager();
        shared = new ShapeCheckedConvolution();
    }

    @AfterAll
    static void release() {
        manager.close();
    }

    /**
     * The im2col test's geometries, and the shapes of DCGAN's layers with few channels that libtorch's kernels were
     * measured to get wrong on a faulty machine (at a small batch).
     */
    static Stream<Arguments> geometries() {
        return Stream.concat(Im2colConvolutionTest.geometries(), Stream.of(
                Arguments.of(2, 64, 12, 34, 2, 1, 0, false), // G's last layer as the fused sub-pixel convolution
                Arguments.of(2, 512, 1, 4, 4, 1, 0, false), // D's last layer
                Arguments.of(2, 1, 1, 3, 2, 1, 0, false),
                Arguments.of(2, 64, 128, 16, 4, 2, 1, false), // a strided D layer
                Arguments.of(2, 128, 256, 10, 2, 1, 0, true))); // a fused sub-pixel G layer, with a bias
    }

    @ParameterizedTest(name = "n{0} {1}->{2} {3}x{3} k{4} s{5} p{6} bias={7}")
    @MethodSource("geometries")
    void matchesTheDefinitionWhicheverKernelItPicks(int n, int in, int out, int size, int k, int s, int p,
                                                   boolean withBias) {
        Im2colConvolutionTest.assertMatchesDefinition(manager, shared, n, in, out, size, k, s, p, withBias);
        assertNotNull(shared.usesCandidate(new Shape(n, in, size, size), new Shape(out, in, k, k), s, p),
                "the shape was checked");
    }

    @Test
    void keepsTheReferenceOnAShapeWhereTheCandidateIsWrong() {
        // Wrong only when the input has 3 channels: twice the right output.
        Convolution wrongOnThree = (x, w, b, s, p) -> {
            NDArray y = Convolution.IM2COL.apply(x, w, b, s, p);
            return x.getShape().get(1) == 3 ? y.mul(2) : y;
        };
        ShapeCheckedConvolution checked = new ShapeCheckedConvolution(wrongOnThree, Convolution.IM2COL);
        try (NDScope scope = new NDScope()) {
            Shape weight3 = new Shape(4, 3, 3, 3);
            NDArray x3 = manager.randomUniform(-1, 1, new Shape(2, 3, 6, 6));
            NDArray w3 = manager.randomUniform(-1, 1, weight3);
            assertArrayEquals(Convolution.IM2COL.apply(x3, w3, null, 1, 1).toFloatArray(),
                    checked.apply(x3, w3, null, 1, 1).toFloatArray(), "the wrong candidate's result was used");
            assertEquals(Boolean.FALSE, checked.usesCandidate(x3.getShape(), weight3, 1, 1));

            NDArray x4 = manager.randomUniform(-1, 1, new Shape(2, 4, 6, 6));
            NDArray w4 = manager.randomUniform(-1, 1, new Shape(4, 4, 3, 3));
            checked.apply(x4, w4, null, 1, 1);
            assertEquals(Boolean.TRUE, checked.usesCandidate(x4.getShape(), w4.getShape(), 1, 1),
                    "a shape where the candidate agrees runs on it");
        }
    }

    /**
     * On a machine where libtorch's unpadded convolution fails the general self-check, checking shape by shape finds
     * the fault too: at least one of the self-check's problems is kept on im2col.
     */
    @Test
    void findsTheFaultTheSelfCheckFoundOnAFaultyMachine() {
        String fault = ConvolutionSelfCheck.run(manager, Convolution.LIBTORCH);
        Assumptions.assumeTrue(fault != null, "libtorch's convolution passes the self-check here");
        ShapeCheckedConvolution checked = new ShapeCheckedConvolution(Convolution.LIBTORCH, Convolution.IM2COL);
        int[][] problems = {{2, 1, 1, 3, 2, 1, 0}, {2, 3, 2, 5, 4, 1, 1}, {2, 35, 17, 8, 4, 2, 1},
            {2, 35, 2, 16, 5, 2, 2}};
        int kept = 0;
        try (NDScope scope = new NDScope()) {
            for (int[] p : problems) {
                Shape input = new Shape(p[0], p[1], p[3], p[3]);
                Shape weight = new Shape(p[2], p[1], p[4], p[4]);
                checked.apply(manager.zeros(input), manager.zeros(weight), null, p[5], p[6]);
                kept += checked.usesCandidate(input, weight, p[5], p[6]) ? 0 : 1;
            }
        }
        assertTrue(kept > 0, "the self-check failed (" + fault + ") but every shape was admitted");
    }

    @Test
    void keepsTheReferenceWhereTheCandidateThrows() {
        Convolution failing = (x, w, b, s, p) -> {
            throw new IllegalStateException("no kernel for this shape");
        };
        ShapeCheckedConvolution checked = new ShapeCheckedConvolution(failing, Convolution.IM2COL);
        try (NDScope scope = new NDScope()) {
            NDArray x = manager.randomUniform(-1, 1, new Shape(2, 3, 8, 8));
            NDArray w = manager.randomUniform(-1, 1, new Shape(5, 3, 4, 4));
            assertArrayEquals(Convolution.IM2COL.apply(x, w, null, 2, 1).toFloatArray(),
                    checked.apply(x, w, null, 2, 1).toFloatArray());
            assertEquals(Boolean.FALSE, checked.usesCandidate(x.getShape(), w.getShape(), 2, 1));
        }
    }

    @Test
    void keepsTheReferenceWhereOnlyTheCandidatesGradientsAreWrong() {
        // The right output, twice the right gradients (the output plus its own gradient-carrying copy minus a
        // constant copy).
        Convolution wrongGradients = (x, w, b, s, p) -> {
            NDArray y = Convolution.IM2COL.apply(x, w, b, s, p);
            return y.add(y.sub(y.stopGradient()));
        };
        ShapeCheckedConvolution checked = new ShapeCheckedConvolution(wrongGradients, Convolution.IM2COL);
        try (NDScope scope = new NDScope()) {
            NDArray x = manager.randomUniform(-1, 1, new Shape(2, 3, 8, 8));
            NDArray w = manager.randomUniform(-1, 1, new Shape(5, 3, 4, 4));
            checked.apply(x, w, null, 2, 1);
            assertEquals(Boolean.FALSE, checked.usesCandidate(x.getShape(), w.getShape(), 2, 1));
        }
    }
}
