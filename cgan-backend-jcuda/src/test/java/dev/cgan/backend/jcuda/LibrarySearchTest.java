package dev.cgan.backend.jcuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The linker's directories as ld.so.conf lists them (comments, includes with globs), and finding a soname in them. */
class LibrarySearchTest {

    @TempDir
    Path dir;

    @Test
    void readsLdSoConfWithItsIncludes() throws IOException {
        Path confD = Files.createDirectory(dir.resolve("ld.so.conf.d"));
        Files.writeString(confD.resolve("b-cuda.conf"), "/usr/local/cuda-13.1/lib64  # CUDA\n");
        Files.writeString(confD.resolve("a-driver.conf"), "# the driver\n/usr/lib/nvidia\n");
        Files.writeString(confD.resolve("ignored.txt"), "/nowhere\n");
        Path conf = dir.resolve("ld.so.conf");
        Files.writeString(conf, "include " + confD + "/*.conf\n/opt/lib\n");
        assertEquals(List.of(Path.of("/usr/lib/nvidia"), Path.of("/usr/local/cuda-13.1/lib64"), Path.of("/opt/lib")),
                LibrarySearch.ldSoConf(conf));
    }

    @Test
    void findsTheFirstDirectoryHoldingTheLibrary() throws IOException {
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        Files.createFile(b.resolve("libcuda.so.1"));
        LibrarySearch search = new LibrarySearch(List.of(a, b));
        assertEquals(b.resolve("libcuda.so.1"), search.find("libcuda.so.1").orElseThrow());
        assertTrue(search.find("libcudnn.so.9").isEmpty());
    }

    @Test
    void aMissingConfigurationIsNoDirectories() {
        assertTrue(LibrarySearch.ldSoConf(dir.resolve("absent.conf")).isEmpty());
    }
}
