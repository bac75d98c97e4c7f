package dev.cgan.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Image-folder trees drawn in tests: a sub-folder per class of small RGB pictures of different sizes. */
final class ImageFolders {

    private ImageFolders() {
    }

    /**
     * Writes {@code perClass} images for each class into {@code root/<class>/}: disks, squares or stripes in a random
     * colour on white, 40 to 99 pixels on a side, alternately PNG and JPEG.
     */
    static Path threeClasses(Path root, int perClass) {
        String[] classes = {"disks", "squares", "stripes"};
        Random random = new Random(5);
        for (int c = 0; c < classes.length; c++) {
            for (int i = 0; i < perClass; i++) {
                int w = 40 + random.nextInt(60);
                int h = 40 + random.nextInt(60);
                int colour = random.nextInt(0x1000000);
                BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double dx = x - w / 2.0;
                        double dy = y - h / 2.0;
                        double r = Math.min(w, h) / 3.0;
                        boolean on = switch (c) {
                            case 0 -> dx * dx + dy * dy < r * r;
                            case 1 -> Math.abs(dx) < r && Math.abs(dy) < r;
                            default -> ((x + y) / 8) % 2 == 0;
                        };
                        image.setRGB(x, y, on ? colour : 0xFFFFFF);
                    }
                }
                String format = i % 2 == 0 ? "png" : "jpeg";
                write(root.resolve(classes[c]).resolve(String.format("%03d.%s", i, i % 2 == 0 ? "png" : "jpg")),
                        image, format);
            }
        }
        return root;
    }

    static void write(Path file, BufferedImage image, String format) {
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(image, format, file.toFile())) {
                throw new IllegalStateException("no " + format + " writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
