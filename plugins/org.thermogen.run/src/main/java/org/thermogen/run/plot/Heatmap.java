package org.thermogen.run.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Matrices as coloured cells, side by side with one shared colour scale: blue for negative,
 * near-white for zero, red for positive, saturating at the largest absolute value over all
 * panels, with a colour bar. Row 0 is at the top. Non-finite cells are grey.
 *
 * <pre>{@code
 * Heatmap.builder().title("Ising16: couplings W")
 *         .panel("true W", trueW, 16, 16).panel("learned W", learnedW, 16, 16)
 *         .panel("difference", diff, 16, 16)
 *         .build().write(out.resolve("couplings.png"));
 * }</pre>
 *
 * Default size: 280 pixels per panel plus margins wide, 400 high.
 */
public final class Heatmap implements Chart {
    /** ColorBrewer RdBu (9 classes), from -1 (blue) through 0 (near-white) to +1 (red). */
    private static final Color[] STOPS = {
        new Color(0x2166AC), new Color(0x4393C3), new Color(0x92C5DE), new Color(0xD1E5F0), new Color(0xF7F7F7),
        new Color(0xFDDBC7), new Color(0xF4A582), new Color(0xD6604D), new Color(0xB2182B),
    };

    private final String title;
    private final int width;
    private final int height;
    private final List<Panel> panels;

    private record Panel(String name, double[] values, int rows, int cols) {
    }

    private Heatmap(Builder b) {
        this.title = b.title;
        this.panels = List.copyOf(b.panels);
        this.width = b.width > 0 ? b.width : Math.max(400, 60 + 280 * panels.size() + 90);
        this.height = b.height > 0 ? b.height : 400;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The colour of {@code t} in [-1, 1] on the diverging scale (clamped outside), linearly
     * interpolated between the ColorBrewer RdBu stops; NaN is grey.
     */
    public static Color color(double t) {
        if (Double.isNaN(t)) {
            return Style.MISSING;
        }
        double u = (Math.max(-1, Math.min(1, t)) + 1) / 2 * (STOPS.length - 1);
        int i = Math.min(STOPS.length - 2, (int) Math.floor(u));
        double f = u - i;
        Color a = STOPS[i];
        Color b = STOPS[i + 1];
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    @Override
    public BufferedImage render() {
        BufferedImage image = Style.image(width, height);
        Graphics2D g = Style.canvas(image);
        try {
            Extent e = new Extent();
            for (Panel p : panels) {
                e.addAll(p.values);
            }
            double scale = e.isEmpty() ? 1 : Math.max(Math.abs(e.min()), Math.abs(e.max()));
            if (scale == 0) {
                scale = 1;
            }
            double top = title == null || title.isEmpty() ? 36 : 64;
            double bottom = height - 30;
            double barWidth = 18;
            double barLeft = width - 80;
            double areaLeft = 20;
            double areaRight = barLeft - 30;
            int n = Math.max(1, panels.size());
            double slot = (areaRight - areaLeft) / n;
            if (title != null && !title.isEmpty()) {
                g.setColor(Style.TEXT);
                g.setFont(Style.TITLE);
                Style.centred(g, title, width / 2.0, 28);
            }
            for (int k = 0; k < panels.size(); k++) {
                Panel p = panels.get(k);
                // Square cells as large as fit the slot.
                double cell = Math.min((slot - 24) / p.cols, (bottom - top) / p.rows);
                double w = cell * p.cols;
                double h = cell * p.rows;
                double x0 = areaLeft + slot * k + (slot - w) / 2;
                double y0 = top + (bottom - top - h) / 2;
                for (int r = 0; r < p.rows; r++) {
                    for (int c = 0; c < p.cols; c++) {
                        double v = p.values[r * p.cols + c];
                        g.setColor(Double.isFinite(v) ? color(v / scale) : Style.MISSING);
                        // Cells overlap by a fraction of a pixel so antialiasing leaves no seams.
                        g.fill(new Rectangle2D.Double(x0 + c * cell, y0 + r * cell, cell + 0.5, cell + 0.5));
                    }
                }
                g.setColor(Style.AXIS);
                g.setStroke(Style.THIN);
                g.draw(new Rectangle2D.Double(x0, y0, w, h));
                g.setColor(Style.TEXT);
                g.setFont(Style.LABEL);
                Style.centred(g, p.name, x0 + w / 2, y0 - 8);
                g.setFont(Style.TICK);
                g.setColor(Style.AXIS);
                Style.centred(g, p.rows + " x " + p.cols, x0 + w / 2, y0 + h + 16);
            }
            drawColourBar(g, barLeft, top, barWidth, bottom - top, scale);
            return image;
        } finally {
            g.dispose();
        }
    }

    private void drawColourBar(Graphics2D g, double x, double y, double w, double h, double scale) {
        int steps = (int) Math.max(2, h);
        for (int i = 0; i < steps; i++) {
            double t = 1 - 2.0 * (i + 0.5) / steps;
            g.setColor(color(t));
            g.fill(new Rectangle2D.Double(x, y + h * i / steps, w, h / steps + 0.5));
        }
        g.setColor(Style.AXIS);
        g.setStroke(Style.THIN);
        g.draw(new Rectangle2D.Double(x, y, w, h));
        g.setFont(Style.TICK);
        Ticks ticks = Ticks.linear(-scale, scale, 4);
        double[] v = ticks.values();
        String[] l = ticks.labels();
        var fm = g.getFontMetrics();
        for (int i = 0; i < v.length; i++) {
            if (v[i] < -scale * (1 + 1e-12) || v[i] > scale * (1 + 1e-12)) {
                continue;
            }
            double py = y + h * (1 - (v[i] + scale) / (2 * scale));
            g.draw(new Line2D.Double(x + w, py, x + w + 4, py));
            g.drawString(l[i], (float) (x + w + 7), (float) (py + (fm.getAscent() - fm.getDescent()) / 2.0));
        }
    }

    /** Settings of a heatmap. */
    public static final class Builder {
        private String title;
        private int width;
        private int height;
        private final List<Panel> panels = new ArrayList<>();

        private Builder() {
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        /** Overrides the default size (280 pixels per panel plus margins by 400). */
        public Builder size(int width, int height) {
            Style.checkSize(width, height);
            this.width = width;
            this.height = height;
            return this;
        }

        /** Adds a panel: a {@code rows x cols} matrix, row-major; copied. */
        public Builder panel(String name, double[] values, int rows, int cols) {
            if (rows < 1 || cols < 1 || (long) rows * cols != values.length) {
                throw new IllegalArgumentException("panel " + name + ": " + rows + " x " + cols + " needs "
                        + (long) rows * cols + " values, got " + values.length);
            }
            panels.add(new Panel(name, values.clone(), rows, cols));
            return this;
        }

        public Heatmap build() {
            if (panels.isEmpty()) {
                throw new IllegalArgumentException("a heatmap needs at least one panel");
            }
            return new Heatmap(this);
        }
    }
}
