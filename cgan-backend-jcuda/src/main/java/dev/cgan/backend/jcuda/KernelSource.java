package dev.cgan.backend.jcuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The CUDA C sources of this backend's kernels, resources beside this class. NVRTC compiles each into its own module
 * when a context opens; the build compiles each with nvcc, so a syntax error fails the build, not a GPU run.
 */
enum KernelSource {
    ELEMENTWISE("elementwise.cu"),
    REDUCTION("reduction.cu"),
    LOSS("loss.cu"),
    OPTIMIZER("optimizer.cu"),
    LAYOUT("layout.cu"),
    BATCHNORM("batchnorm.cu"),
    MAXOUT("maxout.cu"),
    RESAMPLE("resample.cu"),
    AUGMENT("augment.cu");

    private final String file;

    KernelSource(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    /** The source text. */
    String read() {
        try (InputStream in = KernelSource.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("kernel source " + file + " is missing from the jcuda backend's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel source " + file, e);
        }
    }
}
