/**
 * The CUDA backend of cgan: cuDNN convolutions and batch normalisation, cuBLAS matrix products and CUDA kernels
 * compiled at run time by NVRTC, all through JavaCPP's CUDA presets.
 *
 * <p>Provides {@link dev.cgan.api.Backend} as {@code dev.cgan.backend.jcuda.JcudaBackend}; exports nothing. The JNI
 * libraries live in the modules {@code org.bytedeco.cuda.linux.x86_64} and {@code org.bytedeco.javacpp.linux.x86_64},
 * which nothing requires: launchers must add them ({@code --add-modules}), or they are not found.
 */
module dev.cgan.backend.jcuda {
    requires dev.cgan.api;
    requires org.bytedeco.cuda;

    provides dev.cgan.api.Backend with dev.cgan.backend.jcuda.JcudaBackend;
}
