package dev.cgan.backend.jcuda;

/** A {@link NativeCuda} whose every step succeeds unless a test makes it fail. */
class FakeCuda implements NativeCuda {

    boolean modules = true;
    RuntimeException runtimeFailure;
    LinkageError runtimeLinkFailure;
    int devices = 1;
    RuntimeException countFailure;
    LinkageError cublasFailure;
    LinkageError cudnnFailure;
    LinkageError nvrtcFailure;

    @Override
    public boolean jniModulesPresent() {
        return modules;
    }

    @Override
    public void loadRuntime() {
        if (runtimeLinkFailure != null) {
            throw runtimeLinkFailure;
        }
        if (runtimeFailure != null) {
            throw runtimeFailure;
        }
    }

    @Override
    public int deviceCount() {
        if (countFailure != null) {
            throw countFailure;
        }
        return devices;
    }

    @Override
    public String describeDevice(int index) {
        return "Fake GPU " + index + " (sm_90, 81559 MiB)";
    }

    @Override
    public void loadCublas() {
        if (cublasFailure != null) {
            throw cublasFailure;
        }
    }

    @Override
    public String loadCudnn() {
        if (cudnnFailure != null) {
            throw cudnnFailure;
        }
        return "9.19.0";
    }

    @Override
    public String loadNvrtc() {
        if (nvrtcFailure != null) {
            throw nvrtcFailure;
        }
        return "13.1";
    }

    @Override
    public String cudaVersions() {
        return "runtime 13.1, driver 13.0";
    }
}
