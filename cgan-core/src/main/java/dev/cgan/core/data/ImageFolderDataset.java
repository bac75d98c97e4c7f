package dev.cgan.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Images from a folder per class ({@link ImageFolderIndex}), decoded once, in parallel, into a compact byte cache at
 * the model's shape ({@link ImageDecoder}): training then costs no decoding at all, and the cache takes
 * {@code channels × size × size} bytes per image (12 KB at 64×64 RGB, so 10,000 images fit in 123 MB).
 *
 * <p>A file that cannot be read or decoded is skipped with a warning; a class left without any readable image is
 * refused. Warnings (skipped files) are kept for the caller to show.
 */
public final class ImageFolderDataset implements Dataset {

    /** Files larger than this are skipped unread: 64 MB. */
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    private static final float[] SCALE = new float[256];

    static {
        for (int b = 0; b < 256; b++) {
            SCALE[b] = (float) (b / 127.5 - 1.0);
        }
    }

    private final String description;
    private final List<String> classNames;
    private final ImageShape shape;
    private final byte[] pixels;
    private final int[] labels;
    private final List<String> warnings;
    private final double loadSeconds;

    private ImageFolderDataset(String description, List<String> classNames, ImageShape shape, byte[] pixels,
                               int[] labels, List<String> warnings, double loadSeconds) {
        this.description = description;
        this.classNames = List.copyOf(classNames);
        this.shape = shape;
        this.pixels = pixels;
        this.labels = labels;
        this.warnings = Collections.unmodifiableList(warnings);
        this.loadSeconds = loadSeconds;
    }

    /**
     * Indexes {@code root} and decodes every image to {@code shape}.
     *
     * @throws DatasetException if the folder tree is refused (see {@link ImageFolderIndex}) or a class has no
     *                          readable image
     */
    public static ImageFolderDataset load(Path root, ImageShape shape) {
        long start = System.nanoTime();
        ImageFolderIndex index = ImageFolderIndex.scan(root);
        int n = index.files().size();
        int length = shape.length();
        if ((long) n * length > Integer.MAX_VALUE - 8) {
            throw new DatasetException("data folder " + root + " holds " + n + " images, more than cgan keeps in "
                    + "memory at " + shape + "; use a subset");
        }
        requireHeap(root, n, (long) n * length, shape, HeapRoom.current());
        byte[] pixels = new byte[n * length];
        String[] failures = new String[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            try {
                ImageDecoder.decode(read(index.files().get(i)), index.files().get(i).toString(), shape, pixels,
                        i * length);
            } catch (DatasetException e) {
                failures[i] = e.getMessage();
            }
        });
        List<String> warnings = new ArrayList<>(index.warnings());
        int[] kept = IntStream.range(0, n).filter(i -> failures[i] == null).toArray();
        int[] perClass = new int[index.classNames().size()];
        for (int i = 0; i < n; i++) {
            if (failures[i] != null) {
                warnings.add("skipped: " + failures[i]);
            } else {
                perClass[index.labels()[i]]++;
            }
        }
        for (int c = 0; c < perClass.length; c++) {
            if (perClass[c] == 0) {
                throw new DatasetException("class folder " + root.resolve(index.classNames().get(c))
                        + " has no readable PNG or JPEG image (every file failed to decode); replace the files");
            }
        }
        int[] labels = index.labels();
        if (kept.length < n) {
            // Compacted in place (kept[j] >= j, so nothing is overwritten before it is moved): no second array, the
            // skipped images' bytes stay unused at the end.
            labels = new int[kept.length];
            for (int j = 0; j < kept.length; j++) {
                System.arraycopy(pixels, kept[j] * length, pixels, j * length, length);
                labels[j] = index.labels()[kept[j]];
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String description = String.format(Locale.ROOT, "image folders in %s (%d images in %d classes%s, "
                        + "centre-cropped and resized to %s, decoded in %.1f s)", root, kept.length, perClass.length,
                kept.length < n ? ", " + (n - kept.length) + " unreadable skipped" : "", shape, seconds);
        return new ImageFolderDataset(description, index.classNames(), shape, pixels, labels, warnings, seconds);
    }

    /** Java heap a run needs beside the image cache: batches, sample grids, plots, the JVM's own. */
    static final long HEAP_RESERVE_BYTES = 96L * 1024 * 1024;

    /**
     * Refuses, before decoding anything, a folder whose cache would not fit in the Java heap, with the sizes and what
     * to do, instead of an {@link OutOfMemoryError} minutes into decoding.
     */
    static void requireHeap(Path root, int images, long cacheBytes, ImageShape shape, HeapRoom heap) {
        if (cacheBytes + HEAP_RESERVE_BYTES <= heap.available()) {
            return;
        }
        throw new DatasetException(String.format(Locale.ROOT, "data folder %s holds %d images: decoded at %s they "
                        + "need %d MB of Java heap, and %d MB of the %d MB heap are free; raise the heap limit (-Xmx; "
                        + "with bin/cgan-cli: CGAN_JAVA_OPTS=\"-Xms1g -Xmx%dg\") or train on a subset", root, images,
                shape, mb(cacheBytes), mb(heap.available()), mb(heap.max()),
                Math.max(2, (cacheBytes + HEAP_RESERVE_BYTES + heap.max() + (1L << 30) - 1) >> 30)));
    }

    private static long mb(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    /** The Java heap's limit and what is still free under it. */
    record HeapRoom(long max, long available) {

        static HeapRoom current() {
            Runtime runtime = Runtime.getRuntime();
            long used = runtime.totalMemory() - runtime.freeMemory();
            return new HeapRoom(runtime.maxMemory(), runtime.maxMemory() - used);
        }
    }

    private static byte[] read(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new UnreadableImageException(file + " is " + (size >> 20) + " MB, more than the "
                        + (MAX_FILE_BYTES >> 20) + " MB cgan reads per image");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UnreadableImageException(file + " cannot be read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
    }

    /** One line per skipped file, in order. */
    public List<String> warnings() {
        return warnings;
    }

    /** Seconds it took to index and decode the folder. */
    public double loadSeconds() {
        return loadSeconds;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int channels() {
        return shape.channels();
    }

    @Override
    public int imageSize() {
        return shape.size();
    }

    @Override
    public void copyImage(int index, float[] destination, int offset) {
        Objects.checkIndex(index, labels.length);
        int length = shape.length();
        int from = index * length;
        for (int i = 0; i < length; i++) {
            destination[offset + i] = SCALE[pixels[from + i] & 0xFF];
        }
    }

    @Override
    public int label(int index) {
        Objects.checkIndex(index, labels.length);
        return labels[index];
    }
}
