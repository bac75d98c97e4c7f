package dev.cgan.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017, Zalando SE, MIT licence): 28×28 grayscale images of ten kinds of
 * clothing, the default data of cgan, trained at 32×32.
 *
 * <p>Its 10,000-image test split ships inside cgan-core (gzip IDX, with the licence notice next to it), so a fresh
 * checkout trains without a download; Debian's package {@code dataset-fashion-mnist} provides the full 60,000-image
 * train split at {@link #DEBIAN_DIRECTORY}.
 */
public final class FashionMnist {

    /** The class names, index = label, as in the dataset's documentation. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Where Debian's package {@code dataset-fashion-mnist} installs the IDX files. */
    public static final Path DEBIAN_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

    /** The side the 28×28 images are padded to (what four stride-2 layers halve down to 2×2). */
    public static final int PADDED_SIZE = 32;

    private static final String RESOURCE_DIRECTORY = "fashion-mnist/";
    private static final String EMBEDDED_IMAGES = "t10k-images-idx3-ubyte.gz";
    private static final String EMBEDDED_LABELS = "t10k-labels-idx1-ubyte.gz";

    private FashionMnist() {
    }

    /** The test split embedded in cgan-core: 10,000 images, padded to 32×32. */
    public static Dataset embedded() {
        IdxArray images = readResource(EMBEDDED_IMAGES, 3);
        IdxArray labels = readResource(EMBEDDED_LABELS, 1);
        return new PaddedGrayscaleDataset("Fashion-MNIST test split embedded in cgan-core (" + images.dim(0)
                + " images, 28x28 padded to 32x32, 10 classes)", images, labels, CLASS_NAMES, PADDED_SIZE);
    }

    private static IdxArray readResource(String name, int rank) {
        String source = "embedded resource " + RESOURCE_DIRECTORY + name;
        try (InputStream in = FashionMnist.class.getResourceAsStream(RESOURCE_DIRECTORY + name)) {
            if (in == null) {
                throw new DatasetException(source + " is missing from cgan-core's jar; rebuild the project");
            }
            return IdxReader.read(in, source, rank);
        } catch (IOException e) {
            throw new DatasetException(source + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }
}
