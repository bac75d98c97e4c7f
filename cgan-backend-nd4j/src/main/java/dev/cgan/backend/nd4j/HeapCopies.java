package dev.cgan.backend.nd4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Arrays copied between libnd4j's memory and the Java heap, for the sweeps written in Java. */
final class HeapCopies {

    private HeapCopies() {
    }

    /** The values of {@code a} as float32 in row-major order, as a new heap array. */
    static float[] dense(INDArray a) {
        INDArray c = a.dataType() == DataType.FLOAT && a.ordering() == 'c' && !a.isView()
                && a.data().length() == a.length() ? a : a.castTo(DataType.FLOAT).dup('c');
        return c.data().asFloat();
    }
}
