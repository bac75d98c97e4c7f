package dev.cgan.bench;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import dev.cgan.api.ComputeContext;
import java.util.Locale;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.matmul;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;

/**
 * The machine's float32 ceiling as oneDNN reaches it: the best of a few runs of two large primitives through the
 * {@code onednn} engine's JavaCPP bindings (oneDNN 3.11), with the benchmarks' thread count (oneDNN's OpenMP takes it
 * from {@code OMP_NUM_THREADS}):
 * <ul>
 *   <li>a matmul of {@code SIZE×SIZE} by {@code SIZE×SIZE} (default 4096), {@code 2·SIZE³} FLOP;</li>
 *   <li>a forward convolution in oneDNN's preferred (blocked) layouts, batch 32, 256 → 256 channels, 32×32, 3×3, pad
 *       1 (the shape of a DCGAN's middle layers, scaled up): {@code 2 · 32·256·32·32 · 256·3·3} FLOP.</li>
 * </ul>
 * The ceiling is the faster of the two ({@code "gflops"}); both are printed as one JSON line. This is what compare.sh
 * divides the training throughput by for its "% of peak" column: measured here, not taken from a data sheet, because a
 * BLAS that is not tuned for this CPU (MKL's sgemm on AMD) is not the ceiling.
 *
 * <pre>OMP_NUM_THREADS=2 java -cp cgan-bench.jar dev.cgan.bench.OnednnCeiling [SIZE] [REPEATS]</pre>
 */
public final class OnednnCeiling {

    private static final long BATCH = 32;
    private static final long CHANNELS = 256;
    private static final long PLANE = 32;
    private static final long KERNEL = 3;

    private OnednnCeiling() {
    }

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        if (size < 64 || repeats < 1) {
            System.err.println("usage: OnednnCeiling [SIZE >= 64] [REPEATS >= 1]");
            System.exit(2);
        }
        // Opening the backend loads libdnnl exactly as the benchmarks do and checks that OpenMP runs the thread count
        // the benchmarks ask for (CGAN_BENCH_THREADS against OMP_NUM_THREADS).
        try (ComputeContext context = BenchBackends.open("onednn")) {
            engine cpu = new engine(engine.kind.cpu, 0);
            stream queue = new stream(cpu);
            double matmul = matmulGflops(cpu, queue, size, repeats);
            double convolution = convolutionGflops(cpu, queue, repeats);
            System.out.printf(Locale.ROOT, "{\"engine\":\"oneDNN %s\",\"matmul_size\":%d,\"matmul_gflops\":%.2f,"
                            + "\"convolution\":\"%dx%dx%dx%d k%d pad 1 -> %d\",\"convolution_gflops\":%.2f,"
                            + "\"threads\":\"%s\",\"gflops\":%.2f}%n", version(), size, matmul, BATCH, CHANNELS, PLANE,
                    PLANE, KERNEL, CHANNELS, convolution, context.device().description(),
                    Math.max(matmul, convolution));
        }
    }

    /** GFLOP/s of the best of {@code repeats} {@code size³} matmuls (row-major operands). */
    static double matmulGflops(engine cpu, stream queue, long size, int repeats) {
        long[] dims = {size, size};
        memory.desc plain = new memory.desc(dims, memory.data_type.f32, memory.format_tag.ab);
        matmul.primitive_desc pd = new matmul.primitive_desc(cpu, plain, plain, plain);
        IntMemoryMap args = new IntMemoryMap();
        args.put(DNNL_ARG_SRC, filled(pd.src_desc(), cpu, 1));
        args.put(DNNL_ARG_WEIGHTS, filled(pd.weights_desc(), cpu, 2));
        args.put(DNNL_ARG_DST, filled(pd.dst_desc(), cpu, 3));
        return 2.0 * size * size * (double) size / bestSeconds(new matmul(pd), queue, args, repeats) / 1e9;
    }

    /** GFLOP/s of the best of {@code repeats} forward convolutions of the fixed large shape, in oneDNN's layouts. */
    static double convolutionGflops(engine cpu, stream queue, int repeats) {
        memory.desc src = new memory.desc(new long[] {BATCH, CHANNELS, PLANE, PLANE}, memory.data_type.f32,
                memory.format_tag.any);
        memory.desc weights = new memory.desc(new long[] {CHANNELS, CHANNELS, KERNEL, KERNEL}, memory.data_type.f32,
                memory.format_tag.any);
        long[] one = {1, 1};
        convolution_forward.primitive_desc pd = new convolution_forward.primitive_desc(cpu, prop_kind.forward_inference,
                algorithm.convolution_direct, src, weights, src, one, one, one);
        IntMemoryMap args = new IntMemoryMap();
        args.put(DNNL_ARG_SRC, filled(pd.src_desc(), cpu, 1));
        args.put(DNNL_ARG_WEIGHTS, filled(pd.weights_desc(), cpu, 2));
        args.put(DNNL_ARG_DST, filled(pd.dst_desc(), cpu, 3));
        double flop = 2.0 * BATCH * CHANNELS * PLANE * PLANE * CHANNELS * KERNEL * KERNEL;
        return flop / bestSeconds(new convolution_forward(pd), queue, args, repeats) / 1e9;
    }

    /** Seconds of the fastest of {@code repeats} executions, after one untimed execution. */
    private static double bestSeconds(primitive p, stream queue, IntMemoryMap args, int repeats) {
        p.execute(queue, args);
        queue._wait();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            p.execute(queue, args);
            queue._wait();
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return best;
    }

    /** New memory of {@code desc} holding small non-zero values (no denormals, no zeros a kernel could skip). */
    private static memory filled(memory.desc desc, engine cpu, int seed) {
        memory m = new memory(desc, cpu);
        long count = desc.get_size() / Float.BYTES;
        FloatPointer floats = new FloatPointer(m.get_data_handle()).capacity(count);
        float[] row = new float[4096];
        for (int i = 0; i < row.length; i++) {
            row[i] = 0.25f + ((i * 37 + seed * 11) % 97) / 97f;
        }
        for (long at = 0; at < count; at += row.length) {
            floats.position(at).put(row, 0, (int) Math.min(row.length, count - at));
        }
        return m;
    }

    private static String version() {
        var v = org.bytedeco.dnnl.global.dnnl.dnnl_version();
        return v.major() + "." + v.minor() + "." + v.patch();
    }
}
