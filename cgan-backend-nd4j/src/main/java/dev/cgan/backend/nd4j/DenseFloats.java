package dev.cgan.backend.nd4j;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Access to the memory of dense float32 arrays from Java, for the element-wise sweeps written in Java: small vectors
 * are copied to the heap, large maps are read and written in place through a {@link FloatBuffer} over libnd4j's
 * memory (no copies).
 */
final class DenseFloats {

    private DenseFloats() {
    }

    /** {@code a} itself when it is a dense row-major float32 array, else such a copy of it. */
    static INDArray denseArray(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.ordering() == 'c' && !a.isView()
                && a.data().length() == a.length() ? a : a.castTo(DataType.FLOAT).dup('c');
    }

    /** The values of {@code a} as float32 in row-major order, as a new heap array. */
    static float[] dense(INDArray a) {
        return denseArray(a).data().asFloat();
    }

    /** The values of {@code a} in row-major order, read in place (a copy first if {@code a} is not dense). */
    static FloatBuffer floats(INDArray a) {
        INDArray dense = denseArray(a);
        FloatBuffer buffer = dense.data().asNioFloat();
        if (buffer.capacity() < dense.length()) {
            throw new IllegalStateException("libnd4j buffer of " + buffer.capacity() + " floats for an array of "
                    + dense.length());
        }
        return buffer;
    }

    /** A new uninitialised dense float32 array of {@code shape} (in the current workspace, if any). */
    static INDArray newArray(long... shape) {
        return Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
    }

    /** A loop body over the index range {@code [from, to)}. */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    /** Runs {@code body} over {@code [0, length)} in a few large chunks, in parallel. */
    static void inChunks(int length, Range body) {
        int chunk = 1 << 16;
        int chunks = (length + chunk - 1) / chunk;
        if (chunks <= 1) {
            body.run(0, length);
            return;
        }
        IntStream.range(0, chunks).parallel().forEach(k -> body.run(k * chunk, Math.min(length, (k + 1) * chunk)));
    }
}
