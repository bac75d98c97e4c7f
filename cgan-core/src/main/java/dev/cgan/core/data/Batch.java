package dev.cgan.core.data;

/**
 * One training batch, on the host.
 *
 * @param images {@code [size, channels, imageSize, imageSize]} row-major, in [-1, 1]
 * @param labels the class of each image
 * @param epoch  the 1-based epoch the batch belongs to
 */
public record Batch(float[] images, int[] labels, int epoch) {

    /** The number of images. */
    public int size() {
        return labels.length;
    }

    /** The labels as one-hot rows {@code [size, numClasses]}, the form both networks are conditioned on. */
    public float[] oneHot(int numClasses) {
        return oneHot(labels, numClasses);
    }

    /** One-hot rows {@code [labels.length, numClasses]} for {@code labels}. */
    public static float[] oneHot(int[] labels, int numClasses) {
        float[] out = new float[labels.length * numClasses];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " is outside 0.." + (numClasses - 1));
            }
            out[i * numClasses + labels[i]] = 1f;
        }
        return out;
    }
}
