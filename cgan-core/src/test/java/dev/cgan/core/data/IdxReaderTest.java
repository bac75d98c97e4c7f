package dev.cgan.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsRawAndGzipFilesToTheSameContent() {
        byte[] raw = IdxFiles.images(3, 4, 5);
        IdxArray a = IdxReader.read(IdxFiles.write(dir.resolve("a"), raw), 3);
        IdxArray b = IdxReader.read(IdxFiles.write(dir.resolve("b.gz"), IdxFiles.gzip(raw)), 3);
        assertArrayEquals(new int[] {3, 4, 5}, a.dims());
        assertArrayEquals(a.dims(), b.dims());
        assertArrayEquals(a.data(), b.data());
        assertEquals(7, a.unsigned(1));
        assertEquals((59 * 7) & 0xFF, a.unsigned(59));
    }

    @Test
    void gzipIsRecognisedByContentNotByName() {
        byte[] gz = IdxFiles.gzip(IdxFiles.labels(10, 3));
        IdxArray labels = IdxReader.read(IdxFiles.write(dir.resolve("labels-without-extension"), gz), 1);
        assertEquals(10, labels.dim(0));
    }

    @Test
    void rejectsWrongMagic() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 1, 0, 0, 0, 1};
        Path file = IdxFiles.write(dir.resolve("picture"), png);
        assertOneLine(file, "is not an IDX file", () -> IdxReader.read(file, 3));
    }

    @Test
    void rejectsUnsupportedValueTypes() {
        Path file = IdxFiles.write(dir.resolve("floats"), IdxFiles.idx(0x0D, new int[] {1}, new byte[4]));
        assertOneLine(file, "only unsigned bytes", () -> IdxReader.read(file, 1));
    }

    @Test
    void rejectsTheWrongRank() {
        Path file = IdxFiles.write(dir.resolve("labels"), IdxFiles.labels(5, 2));
        assertOneLine(file, "has 1 dimensions where 3 are expected", () -> IdxReader.read(file, 3));
    }

    @Test
    void rejectsFilesShorterThanAHeader() {
        Path empty = IdxFiles.write(dir.resolve("empty"), new byte[0]);
        assertOneLine(empty, "only 0 bytes long", () -> IdxReader.read(empty, 3));
        Path half = IdxFiles.write(dir.resolve("half"), Arrays.copyOf(IdxFiles.images(2, 2, 2), 9));
        assertOneLine(half, "header ends", () -> IdxReader.read(half, 3));
    }

    @Test
    void rejectsTruncatedRawAndGzipData() {
        byte[] raw = IdxFiles.images(10, 28, 28);
        byte[] cut = Arrays.copyOf(raw, raw.length - 100);
        Path rawFile = IdxFiles.write(dir.resolve("raw"), cut);
        assertOneLine(rawFile, "is truncated", () -> IdxReader.read(rawFile, 3));
        Path gzFile = IdxFiles.write(dir.resolve("gz"), IdxFiles.gzip(cut));
        assertOneLine(gzFile, "is truncated", () -> IdxReader.read(gzFile, 3));
    }

    @Test
    void rejectsTruncatedCompression() {
        byte[] gz = IdxFiles.gzip(IdxFiles.images(10, 28, 28));
        Path file = IdxFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
        assertOneLine(file, "truncated", () -> IdxReader.read(file, 3));
    }

    @Test
    void rejectsCorruptCompression() {
        byte[] gz = IdxFiles.gzip(IdxFiles.images(10, 28, 28));
        for (int i = 20; i < gz.length - 20; i += 7) {
            gz[i] ^= 0x5A;
        }
        Path file = IdxFiles.write(dir.resolve("corrupt.gz"), gz);
        assertOneLine(file, "", () -> IdxReader.read(file, 3));
    }

    @Test
    void rejectsDataAfterTheDeclaredValues() {
        byte[] raw = IdxFiles.labels(5, 2);
        byte[] longer = Arrays.copyOf(raw, raw.length + 3);
        Path rawFile = IdxFiles.write(dir.resolve("long"), longer);
        assertOneLine(rawFile, "longer than declared", () -> IdxReader.read(rawFile, 1));
        Path gzFile = IdxFiles.write(dir.resolve("long.gz"), IdxFiles.gzip(longer));
        assertOneLine(gzFile, "longer than declared", () -> IdxReader.read(gzFile, 1));
    }

    @Test
    void rejectsZeroDimensions() {
        Path file = IdxFiles.write(dir.resolve("zero"), IdxFiles.idx(new int[] {0, 28, 28}, new byte[0]));
        assertOneLine(file, "as 0", () -> IdxReader.read(file, 3));
    }

    @Test
    void rejectsHugeDeclaredSizesBeforeAllocating() {
        // 4 billion × 4 billion × 4 billion values declared in a 16-byte file.
        byte[] header = ByteBuffer.allocate(16).put(new byte[] {0, 0, 8, 3}).putInt(-1).putInt(-1).putInt(-1).array();
        Path file = IdxFiles.write(dir.resolve("huge"), header);
        assertOneLine(file, "more than", () -> IdxReader.read(file, 3));
        Path gz = IdxFiles.write(dir.resolve("huge.gz"), IdxFiles.gzip(header));
        assertOneLine(gz, "more than", () -> IdxReader.read(gz, 3));
    }

    @Test
    void aLargeButAllowedDeclaredSizeInATinyGzipFileFailsFastAsTruncated() {
        // 1000^3 = 10^9 values, just under the limit, but only 100 present: must not allocate a gigabyte first.
        ByteBuffer b = ByteBuffer.allocate(16 + 100).put(new byte[] {0, 0, 8, 3}).putInt(1000).putInt(1000)
                .putInt(1000);
        Path file = IdxFiles.write(dir.resolve("liar.gz"), IdxFiles.gzip(b.array()));
        assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertOneLine(file, "is truncated", () -> IdxReader.read(file, 3)));
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("nothing-here");
        assertOneLine(file, "no such file", () -> IdxReader.read(file, 3));
    }

    private static void assertOneLine(Path file, String expected, org.junit.jupiter.api.function.Executable read) {
        DatasetException e = assertThrows(DatasetException.class, read);
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()), "names the file: " + m);
        assertTrue(m.contains(expected), "says '" + expected + "': " + m);
        assertFalse(m.contains("\n"), "one line: " + m);
    }
}
