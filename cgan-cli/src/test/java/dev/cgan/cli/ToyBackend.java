package dev.cgan.cli;

import dev.cgan.api.Backend;
import dev.cgan.core.fakes.CpuOnlyBackend;
import dev.cgan.core.fakes.ToyContext;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A backend that trains for real as far as the CLI can tell — checkpoints, samples, metrics, resuming — on cgan-core's
 * deterministic host stand-in ({@link ToyContext}), in milliseconds per iteration and without native code; and the
 * small IDX data sets its runs read.
 */
final class ToyBackend {

    static final String NAME = "toy";

    private ToyBackend() {
    }

    static Backend create() {
        return new CpuOnlyBackend(NAME, 100, "deterministic host stand-in", (backend, device) -> new ToyContext());
    }

    static List<Backend> only() {
        return List.of(create());
    }

    /** Writes {@code n} 28×28 images with labels {@code i mod 10} as an IDX pair into {@code dir}, and returns it. */
    static Path data(Path dir, int n) throws Exception {
        Files.createDirectories(dir);
        byte[] pixels = new byte[n * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
        }
        Files.write(dir.resolve("train-images-idx3-ubyte"), idx(new int[] {n, 28, 28}, pixels));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(new int[] {n}, labels));
        return dir;
    }

    /** An unsigned-byte IDX file: magic {@code 00 00 08 rank}, big-endian dimensions, values. */
    static byte[] idx(int[] dims, byte[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + values.length);
        b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(values).array();
    }
}
