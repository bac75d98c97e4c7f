package dev.cgan.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The files of an image-folder dataset: every visible sub-folder of the root is a class, named after the folder, in
 * sorted order (label 0 is the first name); its {@code .png}, {@code .jpg} and {@code .jpeg} files, searched in
 * nested folders too, are its images, in sorted order. This is torchvision's {@code ImageFolder} layout.
 *
 * <p>What is refused (a {@link DatasetException}, one line) and what is only warned about:
 * <ul>
 *   <li>refused: a root without class sub-folders; a single class (a conditional GAN needs at least two); a class
 *       folder without any PNG or JPEG file;</li>
 *   <li>skipped with a warning: other files in class folders ({@code notes.txt}), files lying directly in the root;
 *       hidden files and folders (name starting with a dot) are skipped silently.</li>
 * </ul>
 *
 * @param root       the folder given with {@code --data}
 * @param classNames the class names, index = label
 * @param files      the image files, grouped by class in label order
 * @param labels     the label of each file
 * @param warnings   one line per skipped file
 */
public record ImageFolderIndex(Path root, List<String> classNames, List<Path> files, int[] labels,
                               List<String> warnings) {

    /** The file extensions read as images (lower case). */
    public static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

    private static final int MAX_DEPTH = 16;

    /** Whether {@code directory} looks like an image-folder tree: it has at least one visible sub-folder. */
    public static boolean isFolderTree(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.anyMatch(p -> Files.isDirectory(p) && !hidden(p));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Indexes {@code root}.
     *
     * @throws DatasetException if the tree cannot be listed or breaks a rule above
     */
    public static ImageFolderIndex scan(Path root) {
        List<Path> classFolders = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try (Stream<Path> entries = Files.list(root)) {
            for (Path p : entries.sorted(Comparator.comparing(q -> q.getFileName().toString())).toList()) {
                if (hidden(p)) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    classFolders.add(p);
                } else {
                    warnings.add("skipped: " + p + " lies directly in the data folder, not in a class folder");
                }
            }
        } catch (IOException e) {
            throw new DatasetException("cannot list data folder " + root + " (" + e.getMessage() + ")", e);
        }
        if (classFolders.isEmpty()) {
            throw new DatasetException("data folder " + root + " has no class sub-folders; put the images of each "
                    + "class in a sub-folder named after the class");
        }
        if (classFolders.size() == 1) {
            throw new DatasetException("data folder " + root + " has only one class folder ("
                    + classFolders.get(0).getFileName() + "); a conditional GAN needs at least two classes, one "
                    + "sub-folder each");
        }
        List<String> names = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int label = 0; label < classFolders.size(); label++) {
            Path folder = classFolders.get(label);
            List<Path> images = imagesIn(folder, warnings);
            if (images.isEmpty()) {
                throw new DatasetException("class folder " + folder + " holds no PNG or JPEG file; add images of "
                        + "that class or remove the folder");
            }
            names.add(folder.getFileName().toString());
            for (Path image : images) {
                files.add(image);
                labels.add(label);
            }
        }
        return new ImageFolderIndex(root, names, files, labels.stream().mapToInt(Integer::intValue).toArray(),
                warnings);
    }

    private static List<Path> imagesIn(Path folder, List<String> warnings) {
        try (Stream<Path> walk = Files.walk(folder, MAX_DEPTH)) {
            List<Path> images = new ArrayList<>();
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                if (hiddenBelow(folder, p)) {
                    continue;
                }
                if (isImageName(p)) {
                    images.add(p);
                } else {
                    warnings.add("skipped: " + p + " is not a .png, .jpg or .jpeg file");
                }
            }
            return images;
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new DatasetException("cannot list class folder " + folder + " (" + e.getMessage() + ")", e);
        }
    }

    static boolean isImageName(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    private static boolean hiddenBelow(Path folder, Path p) {
        for (Path part : folder.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
