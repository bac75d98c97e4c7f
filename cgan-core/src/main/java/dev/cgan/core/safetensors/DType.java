package dev.cgan.core.safetensors;

import java.util.Arrays;
import java.util.Locale;

/**
 * The element types of the safetensors format, by their header names. Every type can be read and written as raw
 * bytes; {@link StoredTensor} converts {@code F32}, {@code I32} and {@code I64} to Java arrays.
 */
public enum DType {
    /** 64-bit IEEE float. */
    F64(8),
    /** 32-bit IEEE float: every value cgan stores. */
    F32(4),
    /** 16-bit IEEE float. */
    F16(2),
    /** bfloat16. */
    BF16(2),
    /** 64-bit signed integer: step counters in checkpoints. */
    I64(8),
    /** 32-bit signed integer: sample indices in conformance fixtures. */
    I32(4),
    /** 16-bit signed integer. */
    I16(2),
    /** 8-bit signed integer. */
    I8(1),
    /** 64-bit unsigned integer. */
    U64(8),
    /** 32-bit unsigned integer. */
    U32(4),
    /** 16-bit unsigned integer. */
    U16(2),
    /** 8-bit unsigned integer. */
    U8(1),
    /** Boolean, one byte each. */
    BOOL(1);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /**
     * The type called {@code name} in a header.
     *
     * @throws IllegalArgumentException naming the known types
     */
    public static DType byName(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown dtype '" + abbreviate(name) + "', known: "
                + Arrays.toString(values()).toUpperCase(Locale.ROOT));
    }

    /** Keeps hostile names from producing multi-megabyte error messages. */
    static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
