package dev.cgan.backend.onednn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cgan.api.BackendOptions;
import dev.cgan.api.Device;
import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.layer.ReLU;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorScope;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Batch normalisation fused with ReLU keeps a workspace laid out as its input was; when another reader turns that
 * input plain in place between forward and backward, backward must still read the workspace in the forward's layout.
 */
class FusedPairTest {

    private OnednnContext context;

    @BeforeEach
    void open() {
        context = (OnednnContext) new OnednnBackend().open(Device.cpu(), BackendOptions.defaults());
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void fusedBatchNormBackwardSurvivesItsInputTurningPlain() {
        float[] expected = gradient(false);
        float[] afterRead = gradient(true);
        assertArrayEquals(expected, afterRead, 1e-5f);
    }

    /** The convolution weight's gradient through BN+ReLU; {@code readBetween} reads the BN input before backward. */
    private float[] gradient(boolean readBetween) {
        Random random = new Random(9);
        Layer conv = context.layer(new Conv2d(16, 16, 3, 1, 1, false));
        conv.parameters().get("weight").copyFrom(values(16 * 16 * 9, random));
        List<Layer> normalised = List.of(context.layer(new BatchNorm2d(16)), context.layer(new ReLU()));
        Tensor x = context.tensor(values(2 * 16 * 6 * 6, random), Shape.of(2, 16, 6, 6));
        try (TensorScope scope = context.scope(); GradientTape tape = context.record()) {
            OnednnTensor y = (OnednnTensor) conv.forward(x, true);
            assertNotNull(y.layout(), "the convolution's output should be blocked for this test to mean anything");
            Tensor z = context.forward(normalised, y, true);
            if (readBetween) {
                y.floats();
                assertNull(y.layout(), "reading the values turns the tensor plain in place");
            }
            tape.backward(context.ops().dot(z, context.tensor(values(z.shape().sizeAsInt(), new Random(3)),
                    z.shape())));
        }
        return conv.parameters().get("weight").grad().toFloatArray();
    }

    private static float[] values(int size, Random random) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = random.nextFloat() * 2 - 1;
        }
        return v;
    }
}
