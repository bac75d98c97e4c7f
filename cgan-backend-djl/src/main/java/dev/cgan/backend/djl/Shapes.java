package dev.cgan.backend.djl;

import dev.cgan.api.tensor.Shape;

/** Conversions between cgan's {@link Shape} and DJL's. */
final class Shapes {

    private Shapes() {
    }

    static ai.djl.ndarray.types.Shape toDjl(Shape shape) {
        return new ai.djl.ndarray.types.Shape(shape.toLongArray());
    }

    static Shape fromDjl(ai.djl.ndarray.types.Shape shape) {
        long[] dims = shape.getShape();
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = Math.toIntExact(dims[i]);
        }
        return Shape.of(out);
    }
}
