/**
 * The DJL backend of cgan: PyTorch (libtorch) through the Deep Java Library's PyTorch engine.
 *
 * <p>Provides {@link dev.cgan.api.Backend} as {@code dev.cgan.backend.djl.DjlBackend}; exports nothing. DJL's jars are
 * automatic modules ({@code ai.djl.api}, {@code ai.djl.pytorch_engine}, and {@code ai.djl.pytorch_jni}, which is
 * resolved with them); the libtorch jar ({@code pytorch-native-cpu}) has no valid module name and stays on the class
 * path, where DJL finds it as a resource.
 */
module dev.cgan.backend.djl {
    requires dev.cgan.api;
    requires ai.djl.api;
    requires ai.djl.pytorch_engine;

    provides dev.cgan.api.Backend with dev.cgan.backend.djl.DjlBackend;
}
