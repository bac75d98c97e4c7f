package dev.cgan.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.tensor.Shape;
import dev.cgan.core.safetensors.SafeTensorsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFileTest {

    @TempDir
    Path dir;

    @Test
    void metadataRoundTripsEverySettingAndRandomState() {
        Path file = dir.resolve("c.safetensors");
        CheckpointInfo info = Fixtures.info(1500, dir.resolve("run"));
        CheckpointFile.write(file, new TrainingSnapshot(info, Map.of()));
        assertEquals(info, CheckpointFile.read(file).info());

        CheckpointInfo withData = new CheckpointInfo(1, new dev.cgan.core.train.TrainingConfig("dcgan64",
                dir.resolve("my data"), 0, 3, 16, 1e-4, 0.4, 0.99, -5, 0, 0, 1, null), info.classNames(), 3,
                "three images", 0, new dev.cgan.core.data.SamplerState(0, 0, 17));
        CheckpointFile.write(file, new TrainingSnapshot(withData, Map.of()));
        assertEquals(withData, CheckpointFile.read(file).info());
    }

    @Test
    void aTruncatedCheckpointIsOneClearLine() throws Exception {
        Path file = dir.resolve("c.safetensors");
        CheckpointFile.write(file, Fixtures.snapshot(10, dir));
        byte[] all = Files.readAllBytes(file);
        for (int length : new int[] {0, 5, 100, all.length / 2, all.length - 1}) {
            Files.write(file, Arrays.copyOf(all, length));
            assertOneLine(file, "corrupt or truncated");
        }
    }

    @Test
    void garbageIsOneClearLine() throws Exception {
        Path file = dir.resolve("c.safetensors");
        Files.writeString(file, "this is not a checkpoint at all, just some text that happens to be here");
        assertOneLine(file, "corrupt or truncated");
    }

    @Test
    void aForeignSafetensorsFileIsRecognised() throws Exception {
        Path file = dir.resolve("model.safetensors");
        new SafeTensorsWriter().metadata("format", "pt").putFloats("w", Shape.of(2), new float[2]).writeTo(file);
        assertOneLine(file, "not a cgan checkpoint");
    }

    @Test
    void damagedMetadataIsNamed() throws Exception {
        Path file = dir.resolve("c.safetensors");
        Map<String, String> m = new LinkedHashMap<>(Fixtures.info(5, dir).toMetadata());
        m.put("config.lr", "fast");
        new SafeTensorsWriter().metadata(m).writeTo(file);
        assertOneLine(file, "config.lr='fast'");
        m.remove("config.lr");
        new SafeTensorsWriter().metadata(m).writeTo(file);
        assertOneLine(file, "lacks the metadata entry config.lr");
        m.put("config.lr", "-1");
        new SafeTensorsWriter().metadata(m).writeTo(file);
        assertOneLine(file, "inconsistent metadata");
    }

    @Test
    void aMissingCheckpointIsNamed() {
        assertOneLine(dir.resolve("none.safetensors"), "does not exist");
    }

    private static void assertOneLine(Path file, String expected) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointFile.read(file));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
