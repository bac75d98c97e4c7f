package dev.cgan.core.checkpoint;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that it appears complete or not at all: the bytes go to a temporary file in the same directory,
 * are forced to the disk, and the temporary file is renamed over the target; then the directory entry is forced too.
 * A crash or a failed write leaves any earlier file at the target untouched and removes the temporary file.
 */
final class AtomicWrite {

    /** What produces the file's content. */
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicWrite() {
    }

    static void write(Path target, Content content) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        // Same directory: a rename within one file system is atomic; a dot name keeps it out of listings and globs.
        Path temp = Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
        try {
            // A FileOutputStream, not a channel's stream: a channel copies every write into a temporary direct buffer
            // as large as the write (a whole tensor), which a capped direct memory (the launcher's 16 MB) refuses.
            try (FileOutputStream file = new FileOutputStream(temp.toFile())) {
                OutputStream out = new java.io.BufferedOutputStream(file, 1 << 16);
                content.writeTo(out);
                out.flush();
                // Without this the rename can reach the disk before the data, and a power cut leaves an empty file.
                file.getFD().sync();
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(directory);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void forceDirectory(Path directory) {
        // Makes the rename itself durable on Linux; other systems refuse to open directories, which is harmless.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort only
        }
    }
}
