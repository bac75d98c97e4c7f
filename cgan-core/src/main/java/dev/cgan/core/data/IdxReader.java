package dev.cgan.core.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST (LeCun et al.): a 4-byte magic {@code 0x00 0x00 <type>
 * <rank>}, {@code rank} big-endian 32-bit dimensions, then the values row-major. Only the unsigned-byte type
 * ({@code 0x08}) is supported, which is what image and label files use.
 *
 * <p>A file may be raw or gzip-compressed; gzip is recognised by its magic bytes, not by the file name. Everything is
 * validated before use and every failure is a {@link DatasetException} with one line naming the source: wrong magic,
 * unsupported type, wrong rank, zero or oversized dimensions, truncated data, trailing bytes, corrupt compression.
 * Declared sizes are checked against {@link #MAX_VALUES} (and, for raw files, against the file's length) before
 * anything is allocated, and compressed data is buffered as it arrives, so a small hostile file cannot make the reader
 * allocate much more memory than the data it actually holds.
 */
public final class IdxReader {

    /** The most values one file may declare: 1 GiB, far above Fashion-MNIST's 47 million. */
    public static final long MAX_VALUES = 1L << 30;

    /** The IDX type code of unsigned bytes. */
    static final int TYPE_UNSIGNED_BYTE = 0x08;

    /** The largest rank accepted; image files have 3 or 4 dimensions. */
    private static final int MAX_RANK = 4;

    private static final int FIRST_CHUNK = 1 << 20;

    private IdxReader() {
    }

    /**
     * Reads the file at {@code path} (raw or gzip).
     *
     * @param expectedRank the number of dimensions the caller needs (1 for labels, 3 for images)
     * @throws DatasetException if the file is missing, unreadable or not a valid IDX file of that rank
     */
    public static IdxArray read(Path path, int expectedRank) {
        long fileLength;
        try {
            fileLength = Files.size(path);
        } catch (NoSuchFileException e) {
            throw new DatasetException(path + ": no such file");
        } catch (IOException e) {
            throw new DatasetException(path + ": cannot read it (" + e.getMessage() + ")", e);
        }
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, path.toString(), expectedRank, fileLength);
        } catch (IOException e) {
            throw new DatasetException(path + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads an IDX stream (raw or gzip) of unknown length, for example a class-path resource. The stream is not
     * closed.
     *
     * @param source names the stream in messages
     */
    public static IdxArray read(InputStream in, String source, int expectedRank) {
        try {
            return read(in, source, expectedRank, -1);
        } catch (IOException e) {
            throw new DatasetException(source + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }

    private static IdxArray read(InputStream raw, String source, int expectedRank, long rawLength)
            throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw);
        boolean gzip = startsWithGzipMagic(buffered);
        try {
            InputStream in = gzip ? new GZIPInputStream(buffered) : buffered;
            // Only a raw file's length bounds its content; a compressed file's content length is unknown up front.
            return readIdx(in, source, expectedRank, gzip ? -1 : rawLength);
        } catch (ZipException | EOFException e) {
            if (gzip) {
                throw new DatasetException(source + " is a corrupt or truncated gzip file (" + e.getMessage()
                        + "); download it again", e);
            }
            throw e;
        }
    }

    private static boolean startsWithGzipMagic(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }

    private static IdxArray readIdx(InputStream in, String source, int expectedRank, long contentLength)
            throws IOException {
        byte[] magic = new byte[4];
        int got = readUpTo(in, magic, 0, 4);
        if (got < 4) {
            throw new DatasetException(source + " is not an IDX file: it is only " + got
                    + " bytes long; expected an MNIST-format file such as train-images-idx3-ubyte");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw new DatasetException(source + " is not an IDX file (it starts with " + hex(magic)
                    + ", IDX files start with 00 00); expected an MNIST-format file such as train-images-idx3-ubyte");
        }
        int type = magic[2] & 0xFF;
        int rank = magic[3] & 0xFF;
        if (type != TYPE_UNSIGNED_BYTE) {
            throw new DatasetException(source + " holds IDX values of type 0x" + String.format("%02x", type)
                    + "; only unsigned bytes (0x08, as in MNIST) are supported");
        }
        if (rank != expectedRank) {
            throw new DatasetException(source + " has " + rank + " dimensions where " + expectedRank
                    + " are expected (" + (expectedRank == 1 ? "a label file" : "an image file")
                    + "); are image and label files swapped?");
        }
        if (rank > MAX_RANK) {
            throw new DatasetException(source + " declares " + rank + " dimensions; at most " + MAX_RANK
                    + " are supported");
        }
        byte[] header = new byte[4 * rank];
        got = readUpTo(in, header, 0, header.length);
        if (got < header.length) {
            throw new DatasetException(source + " is truncated: its header ends after " + (4 + got)
                    + " bytes, before its " + rank + " dimensions; download it again");
        }
        long[] declared = new long[rank];
        for (int i = 0; i < rank; i++) {
            declared[i] = ((header[4 * i] & 0xFFL) << 24) | ((header[4 * i + 1] & 0xFFL) << 16)
                    | ((header[4 * i + 2] & 0xFFL) << 8) | (header[4 * i + 3] & 0xFFL);
        }
        int[] dims = new int[rank];
        long values = 1;
        for (int i = 0; i < rank; i++) {
            if (declared[i] == 0) {
                throw new DatasetException(source + " declares dimension " + i + " as 0; the file holds no data");
            }
            values *= declared[i];
            // Checking after every factor keeps the product far from long overflow (each factor is below 2^32).
            if (values > MAX_VALUES) {
                throw new DatasetException(source + " declares dimensions " + Arrays.toString(declared)
                        + ", more than " + MAX_VALUES + " values; it is corrupt or not a dataset this reader accepts");
            }
            dims[i] = (int) declared[i];
        }
        long headerLength = 4L + 4L * rank;
        if (contentLength >= 0 && contentLength != headerLength + values) {
            long actual = contentLength - headerLength;
            throw new DatasetException(source + (actual < values ? " is truncated" : " is longer than declared")
                    + ": its header declares " + Arrays.toString(dims) + " = " + values + " bytes of data but it holds "
                    + actual + "; download it again");
        }
        byte[] data = readExactly(in, source, dims, (int) values);
        if (in.read() != -1) {
            throw new DatasetException(source + " is longer than declared: data continues after the "
                    + values + " bytes its header " + Arrays.toString(dims) + " declares; download it again");
        }
        return new IdxArray(source, dims, data);
    }

    /** Reads {@code length} bytes, growing the buffer as data arrives so a false header cannot force a huge array. */
    private static byte[] readExactly(InputStream in, String source, int[] dims, int length) throws IOException {
        byte[] data = new byte[Math.min(length, FIRST_CHUNK)];
        int filled = 0;
        while (filled < length) {
            if (filled == data.length) {
                data = Arrays.copyOf(data, (int) Math.min(length, 2L * data.length));
            }
            int n = in.read(data, filled, data.length - filled);
            if (n < 0) {
                throw new DatasetException(source + " is truncated: its header declares " + Arrays.toString(dims)
                        + " = " + length + " bytes of data but it holds " + filled + "; download it again");
            }
            filled += n;
        }
        return data;
    }

    private static int readUpTo(InputStream in, byte[] buffer, int offset, int length) throws IOException {
        int total = 0;
        while (total < length) {
            int n = in.read(buffer, offset + total, length - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format("%02x", b & 0xFF));
        }
        return sb.toString();
    }
}
