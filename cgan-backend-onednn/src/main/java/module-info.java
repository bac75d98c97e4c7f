/**
 * The raw oneDNN backend of cgan: oneDNN 3.x primitives (convolution, deconvolution, batch normalisation, eltwise,
 * inner product) on the CPU through JavaCPP's dnnl preset, with backpropagation as a tape of per-operation backward
 * primitives.
 *
 * <p>Provides {@link dev.cgan.api.Backend} as {@code dev.cgan.backend.onednn.OnednnBackend}; exports nothing. The JNI
 * libraries live in the modules {@code org.bytedeco.dnnl.linux.x86_64}, {@code org.bytedeco.opencl.linux.x86_64} and
 * {@code org.bytedeco.javacpp.linux.x86_64}, which nothing requires: launchers must add them ({@code --add-modules}).
 */
module dev.cgan.backend.onednn {
    requires dev.cgan.api;
    requires org.bytedeco.dnnl;
    // oneDNN's preset loads JavaCPP's OpenCL preset by name when it starts; it must be in the module graph.
    requires org.bytedeco.opencl;

    provides dev.cgan.api.Backend with dev.cgan.backend.onednn.OnednnBackend;
}
