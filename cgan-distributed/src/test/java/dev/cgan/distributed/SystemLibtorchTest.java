package dev.cgan.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JavaCPP's first load of libtorch from an empty cache on a machine with another libtorch installed (Debian's
 * libtorch1.13, which python3-torch brings and CI installs): the process must not pick up the system's
 * {@code libtorch_cpu.so}. A fresh JVM with an empty JavaCPP cache loads and all-reduces; on a machine without a
 * system libtorch the test still checks the first load, and says which case it covered.
 */
class SystemLibtorchTest {

    /** Where Debian puts libtorch1.13's libraries. */
    private static final Path DEBIAN_LIBTORCH = Path.of("/usr/lib/x86_64-linux-gnu/libtorch_cpu.so");

    @TempDir
    Path cache;

    @Test
    void theFirstLoadFromAnEmptyCacheUsesThePresetsLibtorch() throws IOException, InterruptedException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // A crash report goes to the temporary folder, not into the module.
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", classPath,
                "-XX:ErrorFile=" + cache.resolve("hs_err_%p.log"), "-Dorg.bytedeco.javacpp.cachedir=" + cache,
                LoadProbe.class.getName(), Integer.toString(port)))
                .redirectErrorStream(true).start();
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ended) {
            p.destroyForcibly();
        }
        System.out.println("system libtorch present: " + Files.exists(DEBIAN_LIBTORCH));
        assertTrue(ended, "the probe did not finish: " + output);
        assertEquals(0, p.exitValue(), "the probe failed (with a system libtorch: "
                + Files.exists(DEBIAN_LIBTORCH) + "):\n" + output);
        assertTrue(output.contains("ok 3.0"), output);
    }
}
