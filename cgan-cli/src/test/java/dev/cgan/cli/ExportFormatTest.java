package dev.cgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export --format}: where each format goes by default, and a format cgan does not write. */
class ExportFormatTest {

    @TempDir
    Path dir;

    private Path run;

    @BeforeEach
    void trainATinyRun() throws Exception {
        Path data = ToyBackend.data(dir.resolve("data"), 16);
        run = dir.resolve("run");
        CliRun train = CliRun.of(ToyBackend.only(), "--backend", ToyBackend.NAME, "train", "--data", data.toString(),
                "--steps", "2", "--batch-size", "8", "--samples-per-class", "1", "--out", run.toString());
        assertEquals(0, train.exitCode(), train::err);
    }

    @Test
    void eachFormatHasItsOwnDefaultFile() {
        CliRun onnx = CliRun.of(ToyBackend.only(), "export", "--run", run.toString(), "--format", "ONNX");
        assertEquals(0, onnx.exitCode(), onnx::err);
        assertTrue(Files.isRegularFile(run.resolve("generator.onnx")), onnx.out());
        assertFalse(Files.exists(run.resolve("generator.safetensors")), "only what was asked for");
        CliRun plain = CliRun.of(ToyBackend.only(), "export", "--run", run.toString());
        assertEquals(0, plain.exitCode(), plain::err);
        assertTrue(Files.isRegularFile(run.resolve("generator.safetensors")), plain.out());
    }

    @Test
    void anUnknownFormatIsOneLineAndExitCode2() {
        CliRun r = CliRun.of(ToyBackend.only(), "export", "--run", run.toString(), "--format", "tflite");
        assertEquals(2, r.exitCode());
        assertEquals(List.of("cgan-cli: error: unknown --format 'tflite': use safetensors or onnx"), r.errLines());
        assertFalse(Files.exists(run.resolve("generator.onnx")));
    }
}
