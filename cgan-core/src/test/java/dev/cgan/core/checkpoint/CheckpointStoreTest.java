package dev.cgan.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir
    Path run;

    @Test
    void savingKeepsOnlyTheNewestCompleteCheckpoint() {
        CheckpointStore store = new CheckpointStore(run.resolve("checkpoint"));
        Path first = store.save(Fixtures.snapshot(500, run));
        Path second = store.save(Fixtures.snapshot(1000, run));
        assertEquals(run.resolve("checkpoint/iter-000000500.safetensors"), first);
        assertEquals(List.of(second), store.list());
        assertEquals(second, store.latest().orElseThrow());
        assertEquals(1000, CheckpointFile.read(second).info().iteration());
    }

    @Test
    void locateFindsTheNewestCheckpointOfARunDirectory() {
        CheckpointStore store = new CheckpointStore(run.resolve("checkpoint"));
        Path saved = store.save(Fixtures.snapshot(20, run));
        assertEquals(saved, CheckpointFile.locate(run));
        assertEquals(saved, CheckpointFile.locate(run.resolve("checkpoint")));
        assertEquals(saved, CheckpointFile.locate(saved));
        assertThrows(CheckpointException.class, () -> CheckpointFile.locate(run.resolve("samples")));
    }

    @Test
    void aFailedSaveKeepsThePreviousCheckpointAndLeavesNoTemporaryFile() throws IOException {
        CheckpointStore store = new CheckpointStore(run.resolve("checkpoint"));
        Path good = store.save(Fixtures.snapshot(100, run));
        byte[] goodBytes = Files.readAllBytes(good);
        // A non-empty directory where the next checkpoint must go makes the final rename fail, after the data was
        // written: the latest point at which a save can fail.
        Path blocker = store.pathFor(200);
        Files.createDirectories(blocker.resolve("occupied"));

        CheckpointException e = assertThrows(CheckpointException.class, () -> store.save(Fixtures.snapshot(200, run)));
        assertTrue(e.getMessage().startsWith("cannot write checkpoint " + blocker), e.getMessage());
        assertArrayEquals(goodBytes, Files.readAllBytes(good));
        assertEquals(good, store.latest().orElseThrow());
        assertEquals(100, CheckpointFile.read(good).info().iteration());
        assertEquals(List.of(), temporaryFiles(store.directory()));
    }

    @Test
    void aWriteThatFailsMidwayLeavesTheOldFileUntouched() throws IOException {
        Path target = run.resolve("file.bin");
        Files.write(target, new byte[] {1, 2, 3});
        assertThrows(IOException.class, () -> AtomicWrite.write(target, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full");
        }));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        assertEquals(List.of(), temporaryFiles(run));

        AtomicWrite.write(target, out -> out.write(new byte[] {4, 5}));
        assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(target));
    }

    private static List<Path> temporaryFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
