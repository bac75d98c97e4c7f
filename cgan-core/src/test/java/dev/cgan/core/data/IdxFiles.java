package dev.cgan.core.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds IDX files for tests. */
final class IdxFiles {

    private IdxFiles() {
    }

    /** An unsigned-byte IDX file with the given dimensions and values. */
    static byte[] idx(int[] dims, byte[] values) {
        return idx(0x08, dims, values);
    }

    static byte[] idx(int type, int[] dims, byte[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + values.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(values);
        return b.array();
    }

    /** Images {@code [n, h, w]} whose pixel values are {@code (i * 7 + p) mod 256}. */
    static byte[] images(int n, int h, int w) {
        byte[] v = new byte[n * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) (i * 7);
        }
        return idx(new int[] {n, h, w}, v);
    }

    /** Labels {@code i mod classes}. */
    static byte[] labels(int n, int classes) {
        byte[] v = new byte[n];
        for (int i = 0; i < n; i++) {
            v[i] = (byte) (i % classes);
        }
        return idx(new int[] {n}, v);
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Path write(Path file, byte[] content) {
        try {
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
