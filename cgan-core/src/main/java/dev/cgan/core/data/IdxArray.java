package dev.cgan.core.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * The content of an IDX file of unsigned bytes: its dimensions (outermost first) and its values, row-major.
 *
 * @param source what the values were read from (a path or a resource name), for messages
 * @param dims   the dimensions, each at least 1
 * @param data   the values as stored (read them unsigned: {@code data[i] & 0xFF}); length = product of {@code dims}
 */
public record IdxArray(String source, int[] dims, byte[] data) {

    public IdxArray {
        Objects.requireNonNull(source, "source");
        dims = dims.clone();
        long size = 1;
        for (int d : dims) {
            size *= d;
        }
        if (size != data.length) {
            throw new IllegalArgumentException("dims " + Arrays.toString(dims) + " do not match " + data.length
                    + " values");
        }
    }

    /** A copy of the dimensions. */
    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** Dimension {@code axis}. */
    public int dim(int axis) {
        return dims[axis];
    }

    /** The number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** Value {@code i} (row-major) as an int in 0..255. */
    public int unsigned(int i) {
        return data[i] & 0xFF;
    }
}
