package dev.cgan.backend.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/** Runs libnd4j's declarable ("custom") operations by name; outputs are allocated in the current workspace. */
final class CustomOps {

    private CustomOps() {
    }

    /** Every output of {@code op} on {@code inputs}. */
    static INDArray[] all(String op, int[] integerArguments, INDArray[] inputs, double... floatArguments) {
        DynamicCustomOp.DynamicCustomOpsBuilder builder = DynamicCustomOp.builder(op)
                .addInputs(inputs)
                .addIntegerArguments(integerArguments);
        if (floatArguments.length > 0) {
            Double[] boxed = new Double[floatArguments.length];
            for (int i = 0; i < boxed.length; i++) {
                boxed[i] = floatArguments[i];
            }
            builder.addFloatingPointArguments(boxed);
        }
        return Nd4j.exec(builder.build());
    }

    /**
     * Kernel, stride and padding of a square 2-D (transposed) convolution as libnd4j's integer arguments: kH, kW, sH,
     * sW, pH, pW, dH, dW, padding mode (0: explicit), data format (0: NCHW), weight format (1: PyTorch's).
     */
    static int[] convolutionArguments(int kernel, int stride, int padding) {
        return new int[] {kernel, kernel, stride, stride, padding, padding, 1, 1, 0, 0, 1};
    }

    /** The first output of {@code op}. */
    static INDArray single(String op, int[] integerArguments, INDArray[] inputs, double... floatArguments) {
        return all(op, integerArguments, inputs, floatArguments)[0];
    }
}
