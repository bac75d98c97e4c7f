package dev.cgan.distributed;

import dev.cgan.core.parallel.CollectiveException;
import java.io.IOException;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.global.torch;

/**
 * Loads JavaCPP's libtorch once per process, safely on machines that have another libtorch installed.
 *
 * <p>On a machine with Debian's {@code libtorch1.13} (which {@code python3-torch} brings), JavaCPP's first load from an
 * empty cache extracts the preset's libraries one by one as it loads them; libtorch's dependency
 * {@code libtorch_cpu.so} is then found by the dynamic linker in the system's library folder before the preset's copy
 * is extracted, and the process crashes when the two versions meet. Extracting every library of the preset into
 * JavaCPP's cache first ({@link Loader#cacheResources}) puts them side by side, so the linker finds the preset's own.
 */
final class TorchLibrary {

    private static boolean loaded;

    private TorchLibrary() {
    }

    /**
     * Caches the preset's native libraries, then loads them.
     *
     * @throws CollectiveException if the libraries cannot be unpacked or loaded
     */
    static synchronized void load() {
        if (loaded) {
            return;
        }
        try {
            Loader.cacheResources(torch.class, Loader.getPlatform());
        } catch (IOException e) {
            throw new CollectiveException("cannot unpack libtorch into JavaCPP's cache (" + e.getMessage()
                    + "); make the cache folder writable or set org.bytedeco.javacpp.cachedir", e);
        }
        try {
            Loader.load(torch.class);
        } catch (UnsatisfiedLinkError e) {
            throw new CollectiveException("cannot load JavaCPP's libtorch for data-parallel training ("
                    + e.getMessage() + ")", e);
        }
        loaded = true;
    }
}
