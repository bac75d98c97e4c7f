package dev.cgan.backend.jcuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The kernels' arithmetic against PyTorch without a GPU: {@code src/test/emulation/check_kernels.py} compiles the
 * {@code .cu} sources for the host (every CUDA thread a host thread, {@code __syncthreads} a barrier) and compares
 * every kernel with PyTorch's own operation on the same inputs: activations and their gradients at 0, BCE with p = 0
 * and 1, BCE with logits, Adam over 11 steps, SGD with momentum, reductions, layouts, BatchNorm's running statistics
 * and eval-mode backward, Dropout's mask multiply (with the API's mask stream) and its gradient, Maxout's maximum,
 * argmax and gradient routing, softmax cross-entropy (large logits, soft and one-hot targets) and its gradient,
 * nearest upsampling (scales 2 and 3) and its block-sum gradient, average pooling (odd sizes included) and its
 * gradient, the GAN hinge losses (at exactly the margin included), conditional BatchNorm's per-sample scale and
 * shift and its plane sums, the per-sample inner product of {@code rowDot} and its gradients, and the spatial sum of
 * {@code sumSpatial}. Skipped, with the reason, where g++ or a Python with torch and numpy is missing (CI).
 */
class KernelEmulationTest {

    /** Python interpreters to try: the PATH's, then Debian's, where the project's PyTorch fixtures come from. */
    private static final List<String> PYTHONS = List.of("python3", "/usr/bin/python3");

    @Test
    void everyKernelAgreesWithPyTorch() throws IOException, InterruptedException {
        Assumptions.assumeTrue(KernelSourcesCompileTest.onPath("g++") != null,
                "g++ is not on the PATH: the kernels are not emulated here");
        String python = PYTHONS.stream().filter(KernelEmulationTest::hasTorch).findFirst().orElse(null);
        Assumptions.assumeTrue(python != null, "no python3 with torch and numpy: the kernels are not checked against "
                + "PyTorch here");
        Path script = Path.of("src/test/emulation/check_kernels.py");
        Process p = new ProcessBuilder(python, script.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the emulation did not finish in 10 minutes");
        System.out.println(output);
        assertEquals(0, p.exitValue(), () -> "kernels disagree with PyTorch:\n" + output);
        assertTrue(output.contains("all kernels agree with PyTorch"), output);
    }

    private static boolean hasTorch(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import torch, numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
