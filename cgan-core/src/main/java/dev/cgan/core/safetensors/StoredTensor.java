package dev.cgan.core.safetensors;

import dev.cgan.api.tensor.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * One tensor of a safetensors file, on the host: its element type, its shape and its raw little-endian bytes.
 * Immutable; the array accessors return fresh copies.
 */
public final class StoredTensor {

    private final DType dtype;
    private final Shape shape;
    private final byte[] data;

    private StoredTensor(DType dtype, Shape shape, byte[] data) {
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = Objects.requireNonNull(shape, "shape");
        long expected = shape.size() * dtype.byteSize();
        if (data.length != expected) {
            throw new IllegalArgumentException(dtype + " tensor of shape " + shape + " needs " + expected
                    + " bytes, got " + data.length);
        }
        this.data = data;
    }

    /**
     * A tensor from raw little-endian bytes (copied).
     *
     * @throws IllegalArgumentException if the byte count does not match {@code dtype} and {@code shape}
     */
    public static StoredTensor ofBytes(DType dtype, Shape shape, byte[] littleEndian) {
        return new StoredTensor(dtype, shape, littleEndian.clone());
    }

    /** Wraps bytes the caller no longer touches (the reader's own copies), so they are not copied twice. */
    static StoredTensor adopt(DType dtype, Shape shape, byte[] littleEndian) {
        return new StoredTensor(dtype, shape, littleEndian);
    }

    /** An {@code F32} tensor; {@code values.length} must equal the shape's size. */
    public static StoredTensor ofFloats(Shape shape, float[] values) {
        requireCount(shape, values.length);
        ByteBuffer buf = buffer(values.length * 4);
        buf.asFloatBuffer().put(values);
        return new StoredTensor(DType.F32, shape, buf.array());
    }

    /** An {@code I32} tensor; {@code values.length} must equal the shape's size. */
    public static StoredTensor ofInts(Shape shape, int[] values) {
        requireCount(shape, values.length);
        ByteBuffer buf = buffer(values.length * 4);
        buf.asIntBuffer().put(values);
        return new StoredTensor(DType.I32, shape, buf.array());
    }

    /** An {@code I64} tensor; {@code values.length} must equal the shape's size. */
    public static StoredTensor ofLongs(Shape shape, long[] values) {
        requireCount(shape, values.length);
        ByteBuffer buf = buffer(Math.multiplyExact(values.length, 8));
        buf.asLongBuffer().put(values);
        return new StoredTensor(DType.I64, shape, buf.array());
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** The dimensions. */
    public Shape shape() {
        return shape;
    }

    /** The number of data bytes. */
    public int byteSize() {
        return data.length;
    }

    /** A copy of the raw little-endian bytes. */
    public byte[] bytes() {
        return data.clone();
    }

    /**
     * The values of an {@code F32} tensor, row-major.
     *
     * @throws IllegalStateException if the tensor has another dtype
     */
    public float[] floats() {
        requireType(DType.F32);
        float[] out = new float[data.length / 4];
        view().asFloatBuffer().get(out);
        return out;
    }

    /**
     * The values of an {@code I32} tensor, row-major.
     *
     * @throws IllegalStateException if the tensor has another dtype
     */
    public int[] ints() {
        requireType(DType.I32);
        int[] out = new int[data.length / 4];
        view().asIntBuffer().get(out);
        return out;
    }

    /**
     * The values of an {@code I64} tensor, row-major.
     *
     * @throws IllegalStateException if the tensor has another dtype
     */
    public long[] longs() {
        requireType(DType.I64);
        long[] out = new long[data.length / 8];
        view().asLongBuffer().get(out);
        return out;
    }

    /** Writes the raw bytes (the writer's path, without a copy). */
    void writeData(java.io.OutputStream out) throws java.io.IOException {
        out.write(data);
    }

    @Override
    public String toString() {
        return dtype + shape.toString();
    }

    private void requireType(DType wanted) {
        if (dtype != wanted) {
            throw new IllegalStateException("tensor is " + dtype + shape + ", not " + wanted);
        }
    }

    private ByteBuffer view() {
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer buffer(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void requireCount(Shape shape, int count) {
        if (shape.size() != count) {
            throw new IllegalArgumentException("shape " + shape + " has " + shape.size() + " elements, got "
                    + count + " values");
        }
    }
}
