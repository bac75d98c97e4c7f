package dev.cgan.core.data;

/**
 * The images a model is trained on: square, {@code size × size}, with {@code channels} channels (1 grayscale, 3 RGB).
 *
 * @param channels 1 or 3
 * @param size     height and width in pixels
 */
public record ImageShape(int channels, int size) {

    public ImageShape {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("images have 1 (grayscale) or 3 (RGB) channels, got " + channels);
        }
        if (size < 1) {
            throw new IllegalArgumentException("image size must be at least 1, got " + size);
        }
    }

    /** Bytes (or floats) per image: {@code channels * size * size}. */
    public int length() {
        return channels * size * size;
    }

    /** {@code 64x64 RGB}, {@code 32x32 grayscale}. */
    @Override
    public String toString() {
        return size + "x" + size + (channels == 3 ? " RGB" : " grayscale");
    }
}
