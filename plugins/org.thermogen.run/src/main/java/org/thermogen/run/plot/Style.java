package org.thermogen.run.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * The look every Thermogen chart shares: palette, fonts, strokes. Loading it puts Java2D in
 * headless mode unless the application chose otherwise ({@code -Djava.awt.headless=false}).
 */
final class Style {
    static {
        // Charts only draw into images. Without headless mode a stale DISPLAY (ssh, CI) makes
        // the first drawing fail to reach an X server, and macOS shows a dock icon. Too late
        // if the application already started AWT, which is harmless: images still draw.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Series colours (Tableau 10): distinguishable, also in most colour-vision deficiencies. */
    static final Color[] PALETTE = {
        new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2), new Color(0x59A14F),
        new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0xBAB0AC),
    };
    static final Color BACKGROUND = Color.WHITE;
    static final Color TEXT = new Color(0x222222);
    static final Color AXIS = new Color(0x555555);
    static final Color GRID = new Color(0xE5E5E5);
    static final Color MISSING = new Color(0xBDBDBD);
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    static final BasicStroke LINE = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    static final BasicStroke THIN = new BasicStroke(1f);

    static final int DEFAULT_WIDTH = 800;
    static final int DEFAULT_HEIGHT = 500;

    private Style() {
    }

    static Color series(int i) {
        return PALETTE[i % PALETTE.length];
    }

    static Color withAlpha(Color c, double alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(255 * Math.max(0, Math.min(1, alpha))));
    }

    /** A white, antialiased canvas. The caller disposes the graphics. */
    static Graphics2D canvas(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        return g;
    }

    static BufferedImage image(int width, int height) {
        return new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    }

    /** Draws {@code text} centred on {@code x} with its baseline at {@code y}. */
    static void centred(Graphics2D g, String text, double x, double y) {
        int w = g.getFontMetrics().stringWidth(text);
        g.drawString(text, (float) (x - w / 2.0), (float) y);
    }

    /** Draws {@code text} ending at {@code x}, vertically centred on {@code y}. */
    static void rightAligned(Graphics2D g, String text, double x, double y) {
        var fm = g.getFontMetrics();
        g.drawString(text, (float) (x - fm.stringWidth(text)), (float) (y + (fm.getAscent() - fm.getDescent()) / 2.0));
    }

    /** Draws {@code text} rotated a quarter turn counter-clockwise, centred on {@code (x, y)}. */
    static void vertical(Graphics2D g, String text, double x, double y) {
        var old = g.getTransform();
        g.translate(x, y);
        g.rotate(-Math.PI / 2);
        centred(g, text, 0, 0);
        g.setTransform(old);
    }

    static void checkSize(int width, int height) {
        if (width < 100 || height < 100 || width > 10000 || height > 10000) {
            throw new IllegalArgumentException("chart size must be between 100 and 10000 pixels, not " + width + " x "
                    + height);
        }
    }
}
