package dev.cgan.backend.jcuda;

import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.cudnn;
import org.bytedeco.cuda.global.nvrtc;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;

/** The availability check's native calls, made through JavaCPP. Classes with natives load on first use only. */
final class JavaCppCuda implements NativeCuda {

    static final String CUDA_JNI_RESOURCE = "org/bytedeco/cuda/linux-x86_64/libjnicudart.so";
    static final String JAVACPP_JNI_RESOURCE = "org/bytedeco/javacpp/linux-x86_64/libjnijavacpp.so";

    /**
     * The JNI libraries are resources outside any Java package, so they are visible to the class loader wherever the
     * jars are: on the class path, or on the module path once their modules are resolved (added).
     */
    @Override
    public boolean jniModulesPresent() {
        ClassLoader loader = JavaCppCuda.class.getClassLoader();
        ClassLoader search = loader != null ? loader : ClassLoader.getSystemClassLoader();
        return search.getResource(CUDA_JNI_RESOURCE) != null && search.getResource(JAVACPP_JNI_RESOURCE) != null;
    }

    @Override
    public void loadRuntime() {
        Loader.load(cudart.class);
    }

    @Override
    public int deviceCount() {
        int[] count = new int[1];
        Status.cuda("cudaGetDeviceCount", cudart.cudaGetDeviceCount(count));
        return count[0];
    }

    @Override
    public String describeDevice(int index) {
        try (cudaDeviceProp prop = new cudaDeviceProp()) {
            Status.cuda("cudaGetDeviceProperties", cudart.cudaGetDeviceProperties(prop, index));
            return prop.name().getString().strip() + " (sm_" + prop.major() + prop.minor() + ", "
                    + (prop.totalGlobalMem() >> 20) + " MiB)";
        }
    }

    @Override
    public void loadCublas() {
        Loader.load(cublas.class);
    }

    @Override
    public String loadCudnn() {
        Loader.load(cudnn.class);
        long v = cudnn.cudnnGetVersion();
        return (v / 10000) + "." + (v % 10000) / 100 + "." + v % 100;
    }

    @Override
    public String loadNvrtc() {
        Loader.load(nvrtc.class);
        try (IntPointer major = new IntPointer(1); IntPointer minor = new IntPointer(1)) {
            Status.nvrtc("nvrtcVersion", nvrtc.nvrtcVersion(major, minor), null);
            return major.get() + "." + minor.get();
        }
    }

    @Override
    public String cudaVersions() {
        int[] runtime = new int[1];
        int[] driver = new int[1];
        Status.cuda("cudaRuntimeGetVersion", cudart.cudaRuntimeGetVersion(runtime));
        Status.cuda("cudaDriverGetVersion", cudart.cudaDriverGetVersion(driver));
        return "runtime " + version(runtime[0]) + ", driver " + version(driver[0]);
    }

    /** CUDA's encoding: 1000 * major + 10 * minor. */
    static String version(int encoded) {
        return encoded / 1000 + "." + (encoded % 1000) / 10;
    }
}
