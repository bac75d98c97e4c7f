package dev.cgan.backend.jcuda;

/**
 * The few native calls the availability check makes, behind an interface so that each way of failing (no JNI module,
 * no driver, no device, a missing library) can be tested on a machine without CUDA. Every method may throw a
 * {@link LinkageError} (a library that does not load) or a {@link CudaException} (a call that fails).
 */
interface NativeCuda {

    /** Whether the JNI libraries can be found: their jars on the class path, or their modules resolved. */
    boolean jniModulesPresent();

    /** Loads JavaCPP's bindings of the CUDA runtime and driver API (libcudart, libcuda). */
    void loadRuntime();

    /** {@code cudaGetDeviceCount}. */
    int deviceCount();

    /** The device's name and compute capability, e.g. {@code NVIDIA H100 80GB HBM3 (sm_90)}. */
    String describeDevice(int index);

    /** Loads cuBLAS. */
    void loadCublas();

    /** Loads cuDNN and returns its version, e.g. {@code 9.19.0}. */
    String loadCudnn();

    /** Loads NVRTC and returns its version, e.g. {@code 13.1}. */
    String loadNvrtc();

    /** The runtime's and the driver's CUDA versions, e.g. {@code runtime 13.1, driver 13.0}. */
    String cudaVersions();
}
