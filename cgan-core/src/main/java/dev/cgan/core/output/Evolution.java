package dev.cgan.core.output;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * How samples change over training, the seed's figure: the fixed-noise grids a run saved ({@code samples/iter-*.png},
 * same noise every time) assembled into one picture ({@code samples/evolution.png}, frames left to right and
 * wrapping after {@value #STRIP_COLUMNS}, at most {@value #STRIP_FRAMES} frames chosen evenly, first and last always)
 * and into an animated GIF ({@code samples/evolution.gif}, at most {@value #GIF_FRAMES} frames,
 * {@value #FRAME_DELAY_CS} hundredths of a second each, the last held {@value #LAST_FRAME_DELAY_CS}, looping forever).
 */
public final class Evolution {

    static final int STRIP_COLUMNS = 4;
    static final int STRIP_FRAMES = 12;
    static final int GIF_FRAMES = 100;
    static final int FRAME_DELAY_CS = 50;
    static final int LAST_FRAME_DELAY_CS = 200;

    private static final Pattern GRID = Pattern.compile("iter-\\d+\\.png");

    private Evolution() {
    }

    /**
     * Writes both files from the grids in {@code dir}'s {@code samples/} folder.
     *
     * @return the number of grids found (nothing is written when there are none)
     * @throws UncheckedIOException if a grid cannot be read or a file cannot be written
     */
    public static int write(RunDirectory dir) {
        List<Path> grids = grids(dir.samples());
        if (grids.isEmpty()) {
            return 0;
        }
        List<BufferedImage> strip = read(pick(grids, STRIP_FRAMES));
        List<BufferedImage> animation = read(pick(grids, GIF_FRAMES));
        try {
            AtomicFile.write(dir.evolutionStrip(), SampleGridImage.png(strip(strip)));
            AtomicFile.write(dir.evolutionGif(), gif(animation));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the evolution of " + dir + ": " + RunDirectory.reason(e), e);
        }
        return grids.size();
    }

    /** The sample grids in {@code samples}, in the order of training (their names sort by iteration). */
    static List<Path> grids(Path samples) {
        if (!Files.isDirectory(samples)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(samples)) {
            return files.filter(p -> GRID.matcher(p.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + samples + ": " + RunDirectory.reason(e), e);
        }
    }

    /** At most {@code max} items, evenly spread, first and last included. */
    static <T> List<T> pick(List<T> all, int max) {
        if (all.size() <= max) {
            return all;
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            out.add(all.get((int) Math.round(i * (all.size() - 1) / (double) (max - 1))));
        }
        return out;
    }

    private static List<BufferedImage> read(List<Path> files) {
        List<BufferedImage> out = new ArrayList<>();
        for (Path p : files) {
            try {
                BufferedImage image = ImageIO.read(p.toFile());
                if (image == null) {
                    throw new IOException("not an image");
                }
                out.add(image);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read sample grid " + p + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    static BufferedImage strip(List<BufferedImage> frames) {
        int w = frames.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
        int h = frames.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
        int gap = SampleGridImage.PADDING * 4;
        int cols = Math.min(STRIP_COLUMNS, frames.size());
        int rows = (frames.size() + cols - 1) / cols;
        BufferedImage out = new BufferedImage(cols * w + (cols - 1) * gap, rows * h + (rows - 1) * gap,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            for (int i = 0; i < frames.size(); i++) {
                g.drawImage(frames.get(i), (i % cols) * (w + gap), (i / cols) * (h + gap), null);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    static byte[] gif(List<BufferedImage> frames) throws IOException {
        int w = frames.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
        int h = frames.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < frames.size(); i++) {
                BufferedImage frame = onCanvas(frames.get(i), w, h);
                boolean last = i == frames.size() - 1;
                writer.writeToSequence(new IIOImage(frame, null,
                        frameMetadata(writer, frame, last ? LAST_FRAME_DELAY_CS : FRAME_DELAY_CS, i == 0)), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static BufferedImage onCanvas(BufferedImage frame, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.drawImage(frame, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** A frame's delay, and on the first frame the NETSCAPE2.0 extension that makes viewers loop forever. */
    private static IIOMetadata frameMetadata(ImageWriter writer, BufferedImage frame, int delayCs, boolean first)
            throws IOException {
        IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame),
                writer.getDefaultWriteParam());
        String format = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(delayCs));
        control.setAttribute("transparentColorIndex", "0");
        if (first) {
            IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
            loop.setAttribute("applicationID", "NETSCAPE");
            loop.setAttribute("authenticationCode", "2.0");
            loop.setUserObject(new byte[] {1, 0, 0}); // sub-block 1, loop count 0 = forever
            child(root, "ApplicationExtensions").appendChild(loop);
        }
        meta.setFromTree(format, root);
        return meta;
    }

    private static IIOMetadataNode child(IIOMetadataNode parent, String name) {
        for (int i = 0; i < parent.getLength(); i++) {
            if (parent.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) parent.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        parent.appendChild(node);
        return node;
    }
}
