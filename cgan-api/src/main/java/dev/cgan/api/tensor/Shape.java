package dev.cgan.api.tensor;

import java.util.Arrays;

/**
 * The dimensions of a tensor, outermost first (PyTorch's order: {@code [N, C, H, W]} for images).
 *
 * <p>Immutable. A rank-0 shape is a scalar of size 1.
 */
public final class Shape {

    private final int[] dims;

    private Shape(int[] dims) {
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(dims));
            }
        }
        this.dims = dims;
    }

    /** A shape with the given dimensions. */
    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    /** The rank-0 shape of a scalar. */
    public static Shape scalar() {
        return new Shape(new int[0]);
    }

    /** The number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** Dimension {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        return dims[axis < 0 ? dims.length + axis : axis];
    }

    /** A copy of all dimensions. */
    public int[] dims() {
        return dims.clone();
    }

    /** The dimensions as longs (what many engines want). */
    public long[] toLongArray() {
        long[] out = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = dims[i];
        }
        return out;
    }

    /** The number of elements. */
    public long size() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /** The number of elements as an int; throws if it does not fit (host arrays are int-indexed). */
    public int sizeAsInt() {
        return Math.toIntExact(size());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** PyTorch-like rendering, e.g. {@code [2, 3, 64, 64]}. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
