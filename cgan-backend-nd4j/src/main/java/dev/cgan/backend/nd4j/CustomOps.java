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

    /** The first output of {@code op}. */
    static INDArray single(String op, int[] integerArguments, INDArray[] inputs, double... floatArguments) {
        return all(op, integerArguments, inputs, floatArguments)[0];
    }
}
