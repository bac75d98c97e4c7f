package dev.cgan.core.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What to feed the generator, laid out as a grid: {@code rows × columns} images in row-major order, each row named,
 * each image with a file name. The noise of column {@code j} (or row, for interpolations) is the {@code j}-th vector
 * drawn from the seed, so the same seed gives the same images whatever else is asked.
 *
 * @param rows     grid rows
 * @param columns  grid columns
 * @param rowNames one label per row
 * @param noise    {@code [rows * columns, zDim]}
 * @param labels   {@code [rows * columns, numClasses]}
 * @param files    one PNG file name per image
 */
public record GenerationPlan(int rows, int columns, List<String> rowNames, float[] noise, float[] labels,
                             List<String> files) {

    /** The number of images. */
    public int count() {
        return rows * columns;
    }

    /**
     * {@code count} images for each of {@code labels}: one row per label, the same {@code count} noise vectors in
     * every row (like the training grids), files {@code <label>-<seed>-<i>.png}.
     */
    public static GenerationPlan samples(List<Integer> labels, List<String> classNames, int count, long seed,
                                         int zDim) {
        float[] z = Latents.noise(seed, count, zDim);
        int classes = classNames.size();
        int n = labels.size() * count;
        float[] noise = new float[n * zDim];
        float[] y = new float[n * classes];
        List<String> names = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (int r = 0; r < labels.size(); r++) {
            int label = labels.get(r);
            names.add(classNames.get(label));
            for (int i = 0; i < count; i++) {
                int k = r * count + i;
                System.arraycopy(z, i * zDim, noise, k * zDim, zDim);
                y[k * classes + label] = 1f;
                files.add(String.format(Locale.ROOT, "%s-%d-%03d.png", fileSafe(classNames.get(label), label), seed,
                        i));
            }
        }
        return new GenerationPlan(labels.size(), count, names, noise, y, files);
    }

    /**
     * From label {@code a} to label {@code b} with the same noise: {@code count} rows (one noise vector each),
     * {@code steps} columns of label vectors mixed from all-a to all-b.
     */
    public static GenerationPlan betweenLabels(int a, int b, List<String> classNames, int steps, int count, long seed,
                                               int zDim) {
        float[] z = Latents.noise(seed, count, zDim);
        int classes = classNames.size();
        float[] noise = new float[count * steps * zDim];
        float[] y = new float[count * steps * classes];
        List<String> names = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            names.add(classNames.get(a) + " to " + classNames.get(b));
            for (int s = 0; s < steps; s++) {
                int k = r * steps + s;
                System.arraycopy(z, r * zDim, noise, k * zDim, zDim);
                System.arraycopy(Latents.labelMix(a, b, t(s, steps), classes), 0, y, k * classes, classes);
                files.add(String.format(Locale.ROOT, "%s-to-%s-%d-%03d-step%02d.png", fileSafe(classNames.get(a), a),
                        fileSafe(classNames.get(b), b), seed, r, s));
            }
        }
        return new GenerationPlan(count, steps, names, noise, y, files);
    }

    /**
     * From the noise of seed {@code seedA} to that of {@code seedB} with the same label: {@code count} rows (the
     * {@code i}-th vector of each seed), {@code steps} columns along the great circle between them.
     */
    public static GenerationPlan betweenSeeds(int label, List<String> classNames, long seedA, long seedB, int steps,
                                              int count, int zDim) {
        float[] za = Latents.noise(seedA, count, zDim);
        float[] zb = Latents.noise(seedB, count, zDim);
        int classes = classNames.size();
        float[] noise = new float[count * steps * zDim];
        float[] y = new float[count * steps * classes];
        List<String> names = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            names.add(classNames.get(label));
            float[] a = java.util.Arrays.copyOfRange(za, r * zDim, (r + 1) * zDim);
            float[] b = java.util.Arrays.copyOfRange(zb, r * zDim, (r + 1) * zDim);
            for (int s = 0; s < steps; s++) {
                int k = r * steps + s;
                System.arraycopy(Latents.slerp(a, b, t(s, steps)), 0, noise, k * zDim, zDim);
                y[k * classes + label] = 1f;
                files.add(String.format(Locale.ROOT, "%s-seed%d-to-%d-%03d-step%02d.png",
                        fileSafe(classNames.get(label), label), seedA, seedB, r, s));
            }
        }
        return new GenerationPlan(count, steps, names, noise, y, files);
    }

    private static double t(int step, int steps) {
        return steps == 1 ? 0 : step / (double) (steps - 1);
    }

    /**
     * The label index and as much of the class name as is safe in a file name on every system: {@code 0_T-shirt_top}.
     * The index keeps names that differ only in unsafe characters apart.
     */
    static String fileSafe(String name, int label) {
        String s = name.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+", "");
        s = s.length() > 40 ? s.substring(0, 40) : s;
        return s.isEmpty() ? Integer.toString(label) : label + "_" + s;
    }
}
