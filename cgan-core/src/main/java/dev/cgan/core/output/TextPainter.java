package dev.cgan.core.output;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;

/**
 * Draws labels on the output images, degrading to no text rather than no image: on a minimal headless JRE without
 * any font installed, Java2D fails inside font lookup, and where the JRE's font library cannot load its own native
 * dependencies (a jlink'ed runtime on a server without HarfBuzz or FreeType) it fails with a linkage error. A sample
 * grid without row labels is still worth writing, so neither stops a run.
 */
final class TextPainter {

    private final Graphics2D g;
    private final boolean fontsWork;

    TextPainter(Graphics2D g, Font font) {
        this.g = g;
        this.fontsWork = trySetFont(g, font);
    }

    private static boolean trySetFont(Graphics2D g, Font font) {
        try {
            g.setFont(font);
            g.getFontMetrics().stringWidth("probe");
            return true;
        } catch (RuntimeException | InternalError | LinkageError e) {
            // No usable font configuration (see the class comment).
            return false;
        }
    }

    /** Changes the font for subsequent text. */
    void font(Font font) {
        if (fontsWork) {
            g.setFont(font);
        }
    }

    /** The width of {@code text} in pixels (0 without fonts). */
    int width(String text) {
        return fontsWork ? g.getFontMetrics().stringWidth(text) : 0;
    }

    /** The ascent of the current font (0 without fonts). */
    int ascent() {
        return fontsWork ? g.getFontMetrics().getAscent() : 0;
    }

    /** The line height of the current font (0 without fonts). */
    int height() {
        if (!fontsWork) {
            return 0;
        }
        FontMetrics m = g.getFontMetrics();
        return m.getAscent() + m.getDescent();
    }

    /** {@code text}, shortened with an ellipsis if needed so that it is at most {@code maxWidth} pixels wide. */
    String fit(String text, int maxWidth) {
        if (width(text) <= maxWidth) {
            return text;
        }
        String ellipsis = "\u2026";
        int end = text.length();
        while (end > 0 && width(text.substring(0, end) + ellipsis) > maxWidth) {
            end--;
        }
        return text.substring(0, end).stripTrailing() + ellipsis;
    }

    /** Draws {@code text} with its baseline at {@code y}, left edge at {@code x}. */
    void draw(String text, int x, int y) {
        if (fontsWork) {
            g.drawString(text, x, y);
        }
    }

    /** Draws {@code text} right-aligned at {@code right}. */
    void drawRight(String text, int right, int y) {
        draw(text, right - width(text), y);
    }

    /** Draws {@code text} centred on {@code centre}. */
    void drawCentred(String text, int centre, int y) {
        draw(text, centre - width(text) / 2, y);
    }

    /** Draws {@code text} rotated a quarter turn anticlockwise, centred on ({@code x}, {@code centreY}). */
    void drawVertical(String text, int x, int centreY) {
        if (!fontsWork) {
            return;
        }
        var saved = g.getTransform();
        g.rotate(-Math.PI / 2, x, centreY);
        draw(text, x - width(text) / 2, centreY);
        g.setTransform(saved);
    }
}
