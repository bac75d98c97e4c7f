package dev.cgan.backend.onednn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cgan.api.BackendOptions;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.api.layer.ConditionalBatchNorm2d;
import dev.cgan.api.layer.ConditionalLayer;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two-input layer API as the kit enforces it (EngineConditionalLayer), on this engine: a conditional spec builds a
 * {@link ConditionalLayer}, the one-input forward and labels of the wrong shape are refused with a message, and the
 * per-class parameters start where PyTorch's do (scale 1, shift 0: the output is the normalised input).
 */
class ConditionalLayerTest {

    private ComputeContext context;

    @BeforeEach
    void open() {
        context = new OnednnBackend().open(Device.cpu(), BackendOptions.defaults());
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void conditionalBatchNormNeedsItsLabels() {
        ConditionalBatchNorm2d spec = new ConditionalBatchNorm2d(2, 3);
        Layer layer = context.layer(spec);
        ConditionalLayer conditional = assertInstanceOf(ConditionalLayer.class, layer);
        Tensor x = context.tensor(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, Shape.of(2, 2, 1, 2));
        IllegalArgumentException noLabels = assertThrows(IllegalArgumentException.class,
                () -> layer.forward(x, true));
        assertEquals("ConditionalBatchNorm2d needs the class labels: call forward(input, labels, training)",
                noLabels.getMessage());
        Tensor wrong = context.tensor(new float[] {1, 0, 0, 1}, Shape.of(2, 2));
        IllegalArgumentException wrongLabels = assertThrows(IllegalArgumentException.class,
                () -> conditional.forward(x, wrong, true));
        assertEquals("ConditionalBatchNorm2d needs labels [2, 3] for input [2, 2, 1, 2], got [2, 2]",
                wrongLabels.getMessage());
    }

    @Test
    void freshTablesScaleByOneAndShiftByZero() {
        ConditionalLayer layer = (ConditionalLayer) context.layer(new ConditionalBatchNorm2d(1, 2));
        Tensor x = context.tensor(new float[] {1, 3, 5, 7}, Shape.of(2, 1, 1, 2));
        Tensor labels = context.tensor(new float[] {0, 1, 1, 0}, Shape.of(2, 2));
        // Batch mean 4, biased variance 5: (x - 4) / sqrt(5 + 1e-5).
        float s = (float) Math.sqrt(5 + 1e-5);
        assertArrayEquals(new float[] {-3 / s, -1 / s, 1 / s, 3 / s}, layer.forward(x, labels, true).toFloatArray(),
                1e-6f);
    }
}
