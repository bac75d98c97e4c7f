package dev.cgan.core.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void prepareCreatesTheLayout() {
        RunDirectory run = RunDirectory.prepare(dir.resolve("runs/dcgan32-test"));

        assertTrue(Files.isDirectory(run.samples()));
        assertTrue(Files.isDirectory(run.checkpoint()));
        assertEquals(run.root().resolve("loss.png"), run.lossPlot());
        assertEquals(run.root().resolve("metrics.jsonl"), run.metrics());
        assertEquals(run.root().resolve("summary.json"), run.summary());
        assertEquals(run.samples().resolve("iter-000500.png"), run.sample(500));
        assertEquals(run.samples().resolve("final.png"), run.finalSample());
    }

    @Test
    void anUnusedRunDirectoryCanBeTidiedAwayButAUsedOneStays() throws Exception {
        RunDirectory unused = RunDirectory.prepare(dir.resolve("unused"));
        RunDirectory used = RunDirectory.prepare(dir.resolve("used"));
        Files.writeString(used.metrics(), "{}\n");
        RunDirectory usersOwn = RunDirectory.prepare(Files.createDirectory(dir.resolve("mine")));

        unused.deleteIfEmpty();
        used.deleteIfEmpty();
        usersOwn.deleteIfEmpty();

        assertFalse(Files.exists(unused.root()));
        assertTrue(Files.exists(used.metrics()));
        assertTrue(Files.isDirectory(usersOwn.root()), "a directory the user made stays");
        assertFalse(Files.exists(usersOwn.samples()), "what cgan made in it goes");
    }

    @Test
    void aFileInTheWayIsRefusedWithOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");

        var e = assertThrows(RunDirectoryException.class, () -> RunDirectory.prepare(file));

        assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void aReadOnlyDirectoryIsRefusedWithOneLine() throws Exception {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "POSIX permissions");
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            // root ignores permission bits; the check is meaningful only for ordinary users.
            assumeTrue(!Files.isWritable(locked), "running as a user that permissions apply to");

            var e = assertThrows(RunDirectoryException.class, () -> RunDirectory.prepare(locked.resolve("run")));

            assertTrue(e.getMessage().startsWith("cannot create run directory"), e.getMessage());
            assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
