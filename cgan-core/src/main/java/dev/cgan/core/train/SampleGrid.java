package dev.cgan.core.train;

import java.util.List;

/**
 * Images generated from the run's fixed noise: one row per class, {@code perClass} columns, in row-major order
 * (row = class index). Pixels are in [-1, 1], laid out {@code [rows * perClass, channels, size, size]}.
 *
 * @param iteration  the iteration after which they were generated (0 = before training)
 * @param classNames one name per row
 * @param perClass   images per row
 * @param channels   1 or 3
 * @param size       image height and width
 * @param pixels     the images
 */
public record SampleGrid(long iteration, List<String> classNames, int perClass, int channels, int size,
                         float[] pixels) {
}
