package dev.cgan.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.cgan.api.ComputeContext;
import java.util.Locale;

/**
 * The machine's float32 matrix-product ceiling: the best of a few {@code SIZE×SIZE} products (default 4096) in
 * libtorch 2.7.1 (the {@code djl} backend's engine, whose CPU build multiplies with MKL), with the benchmarks' thread
 * count; {@code 2·SIZE³} FLOP per product. Prints one JSON line. (Debian's {@code python3-torch} links the reference
 * BLAS, so its {@code torch.mm} is no ceiling; its convolutions use oneDNN, not BLAS.)
 *
 * <pre>java -cp cgan-bench.jar dev.cgan.bench.SgemmCeiling [SIZE] [REPEATS]</pre>
 */
public final class SgemmCeiling {

    private SgemmCeiling() {
    }

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        // Opening the backend configures the engine exactly as the benchmarks do (threads, offline libtorch).
        try (ComputeContext context = BenchBackends.open("djl");
                NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray a = manager.randomNormal(new Shape(size, size));
            NDArray b = manager.randomNormal(new Shape(size, size));
            a.matMul(b).close();
            double best = Double.MAX_VALUE;
            for (int i = 0; i < repeats; i++) {
                long start = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0);
                }
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
            }
            System.out.printf(Locale.ROOT, "{\"engine\":\"libtorch 2.7.1 (DJL) matMul\",\"size\":%d,"
                    + "\"threads\":\"%s\",\"gflops\":%.2f}%n", size, context.device().description(),
                    2.0 * size * size * (double) size / best / 1e9);
        }
    }
}
