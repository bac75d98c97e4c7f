package dev.cgan.core.eval;

import dev.cgan.api.tensor.Tensor;
import dev.cgan.core.data.Dataset;
import dev.cgan.core.safetensors.SafeTensorsFile;
import dev.cgan.core.safetensors.SafeTensorsWriter;
import dev.cgan.core.safetensors.StoredTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Trained classifiers on disk, one file per training data and backend:
 * {@code <directory>/<key>-<backend>.safetensors}, where the key is the first 16 hex digits of a SHA-256 over the
 * training images and labels (as the classifier sees them), the class names and the training settings. The same data
 * on the same backend finds its classifier; anything else trains a new one.
 */
public final class ClassifierCache {

    private static final String VERSION = "cgan-classifier-1";

    private final Path directory;

    /** A cache in {@code directory} (created when the first classifier is saved). */
    public ClassifierCache(Path directory) {
        this.directory = directory;
    }

    /**
     * The default directory: {@code $XDG_CACHE_HOME/cgan/classifiers}, else {@code ~/.cache/cgan/classifiers}.
     */
    public static Path defaultDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("cgan").resolve("classifiers");
    }

    /** The file of the classifier for {@code train} with {@code settings} on {@code backend}. */
    public Path fileFor(Dataset train, String settings, String backend) {
        return directory.resolve(key(train, settings) + "-" + backend + ".safetensors");
    }

    /**
     * Loads {@code file} into {@code classifier} if it exists and holds exactly its tensors.
     *
     * @return whether it was loaded (false: absent, or not a classifier of this shape, which is then retrained)
     */
    public static boolean load(Path file, Classifier classifier) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        Map<String, StoredTensor> stored;
        try {
            stored = SafeTensorsFile.read(file).tensors();
        } catch (IOException e) {
            return false;
        }
        Map<String, Tensor> state = classifier.state();
        if (!stored.keySet().equals(state.keySet())) {
            return false;
        }
        for (var e : state.entrySet()) {
            if (!stored.get(e.getKey()).shape().equals(e.getValue().shape())) {
                return false;
            }
        }
        state.forEach((name, t) -> t.copyFrom(stored.get(name).floats()));
        return true;
    }

    /** Writes {@code classifier} to {@code file} atomically (a temporary file moved into place). */
    public static void save(Path file, Classifier classifier, Map<String, String> metadata) throws IOException {
        Files.createDirectories(file.getParent());
        SafeTensorsWriter writer = new SafeTensorsWriter();
        classifier.state().forEach((name, t) -> writer.putFloats(name, t.shape(), t.toFloatArray()));
        writer.metadata(metadata);
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            writer.writeTo(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The content key of a training set and its settings: 16 hex digits of SHA-256. */
    static String key(Dataset train, String settings) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
        sha.update((VERSION + "\n" + settings + "\n" + String.join("\n", train.classNames()) + "\n" + train.channels()
                + "x" + train.imageSize() + "\n").getBytes(StandardCharsets.UTF_8));
        float[] image = new float[train.imageLength()];
        ByteBuffer bytes = ByteBuffer.allocate(image.length * Float.BYTES + Integer.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < train.size(); i++) {
            train.copyImage(i, image, 0);
            bytes.clear();
            bytes.asFloatBuffer().put(image);
            bytes.position(image.length * Float.BYTES);
            bytes.putInt(train.label(i));
            sha.update(bytes.array(), 0, bytes.position());
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }
}
