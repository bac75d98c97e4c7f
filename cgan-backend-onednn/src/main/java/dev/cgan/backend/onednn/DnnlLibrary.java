package dev.cgan.backend.onednn;

import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx10_1_512;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx10_1_512_amx;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx10_1_512_amx_fp16;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx10_2_512;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx10_2_512_amx_2;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx2;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx2_vnni;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx2_vnni_2;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx512_core;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx512_core_amx;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx512_core_amx_fp16;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx512_core_bf16;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx512_core_fp16;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx512_core_vnni;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_sse41;

import org.bytedeco.dnnl.dnnl_version_t;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.Loader;

/**
 * Loads libdnnl (through JavaCPP) once per JVM and says what it is: its version and the instruction set its kernels
 * use here, as oneDNN reports them. Loading can fail (no native jar for this platform); the failure is kept as the
 * reason the backend is unavailable, never thrown from discovery.
 */
final class DnnlLibrary {

    private static String failure;
    private static String version;
    private static String isa;
    private static boolean probed;

    private DnnlLibrary() {
    }

    /** Loads the library if not done yet; {@code null} when it works, else the reason it does not. */
    static synchronized String problem() {
        if (!probed) {
            probed = true;
            try {
                Loader.load(dnnl.class);
                dnnl_version_t v = dnnl.dnnl_version();
                version = v.major() + "." + v.minor() + "." + v.patch();
                isa = isaName(dnnl.dnnl_get_effective_cpu_isa());
            } catch (RuntimeException | LinkageError e) {
                failure = "libdnnl failed to load: " + e;
            }
        }
        return failure;
    }

    /** oneDNN's version, e.g. {@code 3.11.0}; only after {@link #problem()} returned {@code null}. */
    static String version() {
        return version;
    }

    /** The instruction set oneDNN's kernels use on this CPU, e.g. {@code AVX-512}. */
    static String isa() {
        return isa;
    }

    /** oneDNN's effective ISA ({@code dnnl_cpu_isa_t}, a bit mask) in the words Intel uses for it. */
    static String isaName(int mask) {
        // Checked from the widest down: each ISA's mask includes the bits of those below it.
        int[] masks = {dnnl_cpu_isa_avx10_2_512_amx_2, dnnl_cpu_isa_avx10_2_512, dnnl_cpu_isa_avx10_1_512_amx_fp16,
            dnnl_cpu_isa_avx512_core_amx_fp16, dnnl_cpu_isa_avx10_1_512_amx, dnnl_cpu_isa_avx512_core_amx,
            dnnl_cpu_isa_avx10_1_512, dnnl_cpu_isa_avx512_core_fp16, dnnl_cpu_isa_avx512_core_bf16,
            dnnl_cpu_isa_avx512_core_vnni, dnnl_cpu_isa_avx512_core, dnnl_cpu_isa_avx2_vnni_2,
            dnnl_cpu_isa_avx2_vnni, dnnl_cpu_isa_avx2, dnnl_cpu_isa_avx, dnnl_cpu_isa_sse41};
        String[] names = {"AVX10.2 with AMX", "AVX10.2", "AVX10.1 with AMX-FP16", "AVX-512 with AMX-FP16",
            "AVX10.1 with AMX", "AVX-512 with AMX", "AVX10.1", "AVX-512 FP16", "AVX-512 BF16", "AVX-512 VNNI",
            "AVX-512", "AVX2 VNNI-INT8", "AVX2 VNNI", "AVX2", "AVX", "SSE4.1"};
        for (int i = 0; i < masks.length; i++) {
            if ((mask & masks[i]) == masks[i]) {
                return names[i];
            }
        }
        return "ISA 0x" + Integer.toHexString(mask);
    }
}
