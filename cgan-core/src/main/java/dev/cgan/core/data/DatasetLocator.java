package dev.cgan.core.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Decides which data a run trains on, in this order:
 * <ol>
 *   <li>a directory the user names ({@code --data DIR}) holding MNIST-format IDX files — {@code train-images-idx3-ubyte}
 *       and {@code train-labels-idx1-ubyte}, or the {@code t10k-} pair, each raw or with {@code .gz};</li>
 *   <li>or a directory the user names holding one sub-folder of PNG/JPEG images per class ({@link ImageFolderIndex}),
 *       decoded to the shape the model asks for ({@link ImageFolderDataset});</li>
 *   <li>else the Fashion-MNIST train split of Debian's {@code dataset-fashion-mnist}, when installed;</li>
 *   <li>else the Fashion-MNIST test split embedded in cgan-core.</li>
 * </ol>
 * The chosen source is stated by the dataset's {@link Dataset#description() description}. A user's directory may
 * hold a {@code classes.txt} with one class name per line; without it, Fashion-MNIST's names are used.
 */
public final class DatasetLocator {

    /** The optional file of class names, one per line, in a user's data directory. */
    public static final String CLASS_NAMES_FILE = "classes.txt";

    private static final List<String> SPLITS = List.of("train", "t10k");

    private DatasetLocator() {
    }

    /**
     * The dataset for {@code dataDirectory} (null when the user named none), padded to 32×32.
     *
     * @throws DatasetException if a named directory is missing, incomplete or holds corrupt files
     */
    public static Dataset locate(Path dataDirectory) {
        return locate(dataDirectory, FashionMnist.DEBIAN_DIRECTORY);
    }

    /**
     * The dataset for {@code dataDirectory} (null when the user named none); image folders are decoded to
     * {@code folderShape}, the shape the model trains on.
     *
     * @throws DatasetException if a named directory is missing, incomplete or holds corrupt files
     */
    public static Dataset locate(Path dataDirectory, ImageShape folderShape) {
        return locate(dataDirectory, FashionMnist.DEBIAN_DIRECTORY, folderShape);
    }

    /** {@link #locate(Path)} with the system location of Debian's dataset given explicitly (for tests). */
    public static Dataset locate(Path dataDirectory, Path debianDirectory) {
        return locate(dataDirectory, debianDirectory, new ImageShape(1, FashionMnist.PADDED_SIZE));
    }

    private static Dataset locate(Path dataDirectory, Path debianDirectory, ImageShape folderShape) {
        if (dataDirectory != null) {
            return fromDirectory(dataDirectory, folderShape);
        }
        Optional<SplitFiles> debian = findSplit(debianDirectory, "train");
        if (debian.isPresent()) {
            SplitFiles files = debian.get();
            IdxArray images = IdxReader.read(files.images(), 3);
            IdxArray labels = IdxReader.read(files.labels(), 1);
            return new PaddedGrayscaleDataset("Fashion-MNIST train split from " + debianDirectory
                    + " (Debian dataset-fashion-mnist; " + images.dim(0) + " images, 28x28 padded to 32x32, 10 classes)",
                    images, labels, FashionMnist.CLASS_NAMES, FashionMnist.PADDED_SIZE);
        }
        return FashionMnist.embedded();
    }

    /**
     * The MNIST-format dataset in {@code directory}: its train split if present, else its t10k split.
     *
     * @throws DatasetException if the directory or a file is missing or corrupt, or images are larger than 32×32
     */
    public static Dataset fromDirectory(Path directory) {
        return fromDirectory(directory, new ImageShape(1, FashionMnist.PADDED_SIZE));
    }

    /**
     * The dataset in {@code directory}: MNIST-format IDX files (train split if present, else t10k), or else a tree of
     * image folders, one per class, decoded to {@code folderShape}.
     *
     * @throws DatasetException if the directory holds neither, or what it holds is refused
     */
    public static Dataset fromDirectory(Path directory, ImageShape folderShape) {
        if (!Files.isDirectory(directory)) {
            throw new DatasetException("data directory " + directory + " does not exist or is not a directory");
        }
        for (String split : SPLITS) {
            Optional<SplitFiles> found = findSplit(directory, split);
            if (found.isPresent()) {
                IdxArray images = IdxReader.read(found.get().images(), 3);
                IdxArray labels = IdxReader.read(found.get().labels(), 1);
                List<String> names = classNames(directory);
                String description = "MNIST-format " + split + " split from " + directory + " (" + images.dim(0)
                        + " images, " + images.dim(1) + "x" + images.dim(2) + " padded to " + FashionMnist.PADDED_SIZE
                        + "x" + FashionMnist.PADDED_SIZE + ", " + names.size() + " classes"
                        + (Files.exists(directory.resolve(CLASS_NAMES_FILE)) ? " named in " + CLASS_NAMES_FILE
                                : ", Fashion-MNIST names") + ")";
                return new PaddedGrayscaleDataset(description, images, labels, names, FashionMnist.PADDED_SIZE);
            }
        }
        if (ImageFolderIndex.isFolderTree(directory)) {
            return ImageFolderDataset.load(directory, folderShape);
        }
        throw new DatasetException("data directory " + directory + " holds neither MNIST-format files "
                + "(train-images-idx3-ubyte[.gz] and its labels) nor class sub-folders of PNG/JPEG images; "
                + "give one of the two");
    }

    /**
     * The test split that belongs to the data {@link #locate(Path)} finds for {@code dataDirectory}, when there is a
     * separate one: the t10k pair of a user's directory whose train split is used, or Fashion-MNIST's test split
     * (embedded in cgan-core) when the Debian train split is used. Empty when the training data is itself a test
     * split (the embedded default, or a directory with t10k files only).
     */
    public static Optional<Dataset> testSplit(Path dataDirectory) {
        return testSplit(dataDirectory, FashionMnist.DEBIAN_DIRECTORY);
    }

    /** {@link #testSplit(Path)} with the system location of Debian's dataset given explicitly (for tests). */
    public static Optional<Dataset> testSplit(Path dataDirectory, Path debianDirectory) {
        if (dataDirectory == null) {
            return findSplit(debianDirectory, "train").isPresent() ? Optional.of(FashionMnist.embedded())
                    : Optional.empty();
        }
        if (findSplit(dataDirectory, "train").isEmpty()) {
            return Optional.empty();
        }
        return findSplit(dataDirectory, "t10k").map(files -> {
            IdxArray images = IdxReader.read(files.images(), 3);
            IdxArray labels = IdxReader.read(files.labels(), 1);
            return new PaddedGrayscaleDataset("MNIST-format t10k split from " + dataDirectory + " (" + images.dim(0)
                    + " images)", images, labels, classNames(dataDirectory), FashionMnist.PADDED_SIZE);
        });
    }

    private record SplitFiles(Path images, Path labels) {
    }

    /** The image and label files of {@code split}, if its image file exists; a lone image file is an error. */
    private static Optional<SplitFiles> findSplit(Path directory, String split) {
        Optional<Path> images = firstExisting(directory, split + "-images-idx3-ubyte");
        if (images.isEmpty()) {
            return Optional.empty();
        }
        Path labels = firstExisting(directory, split + "-labels-idx1-ubyte").orElseThrow(() -> new DatasetException(
                directory + " holds " + images.get().getFileName() + " but not its labels " + split
                        + "-labels-idx1-ubyte(.gz); add the label file of the same split"));
        return Optional.of(new SplitFiles(images.get(), labels));
    }

    private static Optional<Path> firstExisting(Path directory, String baseName) {
        for (String name : List.of(baseName, baseName + ".gz")) {
            Path p = directory.resolve(name);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static List<String> classNames(Path directory) {
        Path file = directory.resolve(CLASS_NAMES_FILE);
        if (!Files.exists(file)) {
            return FashionMnist.CLASS_NAMES;
        }
        try {
            List<String> names = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (names.isEmpty()) {
                throw new DatasetException(file + " names no classes; write one class name per line");
            }
            return names;
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }
}
