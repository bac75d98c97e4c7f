package dev.cgan.api.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cgan.api.tensor.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SpectralNorm keeps PyTorch's state names, order and matrix view (as torch 1.13's spectral_norm lists them). */
class SpectralNormSpecTest {

    @Test
    void stateIsPyTorchsBiasWeightOrigThenUAndV() {
        SpectralNorm conv = new SpectralNorm(new Conv2d(3, 4, 3, 1, 1, true));
        assertEquals(List.of("bias", "weight_orig"), List.copyOf(conv.parameterShapes().keySet()));
        assertEquals(Map.of("bias", Shape.of(4), "weight_orig", Shape.of(4, 3, 3, 3)), conv.parameterShapes());
        assertEquals(List.of("weight_u", "weight_v"), List.copyOf(conv.bufferShapes().keySet()));
        assertEquals(Shape.of(4), conv.bufferShapes().get("weight_u"));
        assertEquals(Shape.of(27), conv.bufferShapes().get("weight_v"));
        assertEquals(Shape.of(2, 4, 8, 8), conv.outputShape(Shape.of(2, 3, 8, 8)));
        assertEquals("SpectralNorm", conv.typeName());
    }

    @Test
    void transposedConvolutionUsesDimensionOne() {
        SpectralNorm convt = new SpectralNorm(new ConvTranspose2d(3, 4, 3, 1, 1, false));
        assertEquals(1, convt.dim());
        assertEquals(List.of("weight_orig"), List.copyOf(convt.parameterShapes().keySet()));
        assertEquals(Shape.of(3, 4, 3, 3), convt.parameterShapes().get("weight_orig"));
        assertEquals(4, convt.height());
        assertEquals(27, convt.width());
        SpectralNorm linear = new SpectralNorm(new Linear(5, 2, true));
        assertEquals(0, linear.dim());
        assertEquals(2, linear.height());
        assertEquals(5, linear.width());
    }

    @Test
    void initialVectorsAreFixedUnitVectors() {
        SpectralNorm sn = new SpectralNorm(new Conv2d(3, 4, 3, 1, 1, true));
        float[] u = sn.initialVector("weight_u");
        float[] v = sn.initialVector("weight_v");
        assertEquals(4, u.length);
        assertEquals(27, v.length);
        assertEquals(1.0, norm(u), 1e-6);
        assertEquals(1.0, norm(v), 1e-6);
        assertArrayEquals(u, new SpectralNorm(new Conv2d(3, 4, 3, 1, 1, false)).initialVector("weight_u"));
        assertNotEquals(u[0], v[0]);
        assertThrows(IllegalArgumentException.class, () -> sn.initialVector("weight"));
    }

    @Test
    void onlyWeightedLayersAreWrapped() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SpectralNorm(new BatchNorm2d(4, 0.1, 1e-5)));
        assertEquals("SpectralNorm wraps a Conv2d, ConvTranspose2d or Linear, got BatchNorm2d", e.getMessage());
    }

    private static double norm(float[] x) {
        double s = 0;
        for (float f : x) {
            s += (double) f * f;
        }
        return Math.sqrt(s);
    }
}
