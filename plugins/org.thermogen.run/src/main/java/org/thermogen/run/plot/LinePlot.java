package org.thermogen.run.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Lines through (x, y) points, e.g. the loss against the epoch. Non-finite points (and
 * non-positive ones on a log-scale y axis) are skipped and break the line. Series of up to
 * 40 points also get a dot per point, so a short history is readable.
 *
 * <pre>{@code
 * LinePlot.builder().title("Ising16: training").xLabel("epoch").yLabel("negative log-likelihood")
 *         .series("train", epochs, loss).logY(true).build().write(out.resolve("loss.png"));
 * }</pre>
 */
public final class LinePlot implements Chart {
    private static final int MARKERS_UP_TO = 40;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logY;
    private final int width;
    private final int height;
    private final List<Series> series;

    /** A line; {@code se} (or null) draws +-1 standard error bars. */
    private record Series(String name, double[] x, double[] y, double[] se) {
    }

    private LinePlot(Builder b) {
        this.title = b.title;
        this.xLabel = b.xLabel;
        this.yLabel = b.yLabel;
        this.logY = b.logY;
        this.width = b.width;
        this.height = b.height;
        this.series = List.copyOf(b.series);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public BufferedImage render() {
        BufferedImage image = Style.image(width, height);
        Graphics2D g = Style.canvas(image);
        try {
            Extent xe = new Extent();
            Extent ye = new Extent();
            for (Series s : series) {
                for (int i = 0; i < s.x.length; i++) {
                    if (usable(s, i)) {
                        xe.add(s.x[i]);
                        ye.add(s.y[i]);
                        if (s.se != null && Double.isFinite(s.se[i])) {
                            ye.add(s.y[i] - s.se[i]);
                            ye.add(s.y[i] + s.se[i]);
                        }
                    }
                }
            }
            double[] xr = xe.toArray();
            double[] yr = ye.toArray();
            Axes axes = new Axes(g, width, height, title, xLabel, yLabel, xr, yr, logY);
            axes.drawFrame(g);
            if (xr == null) {
                axes.drawEmpty(g, "no points to show");
                return image;
            }
            var clip = g.getClip();
            g.clip(axes.plotArea());
            List<String> names = new ArrayList<>();
            List<Color> colors = new ArrayList<>();
            for (int k = 0; k < series.size(); k++) {
                Series s = series.get(k);
                Color c = Style.series(k);
                g.setColor(c);
                g.setStroke(Style.LINE);
                Path2D.Double path = new Path2D.Double();
                boolean open = false;
                int shown = 0;
                for (int i = 0; i < s.x.length; i++) {
                    if (!usable(s, i)) {
                        open = false;
                        continue;
                    }
                    shown++;
                    if (open) {
                        path.lineTo(axes.px(s.x[i]), axes.py(s.y[i]));
                    } else {
                        path.moveTo(axes.px(s.x[i]), axes.py(s.y[i]));
                        open = true;
                    }
                }
                g.draw(path);
                if (s.se != null) {
                    for (int i = 0; i < s.x.length; i++) {
                        if (usable(s, i) && Double.isFinite(s.se[i]) && s.se[i] > 0) {
                            double px = axes.px(s.x[i]);
                            double lo = axes.py(s.y[i] - s.se[i]);
                            double hi = axes.py(s.y[i] + s.se[i]);
                            g.draw(new java.awt.geom.Line2D.Double(px, lo, px, hi));
                            g.draw(new java.awt.geom.Line2D.Double(px - 4, lo, px + 4, lo));
                            g.draw(new java.awt.geom.Line2D.Double(px - 4, hi, px + 4, hi));
                        }
                    }
                }
                if (shown <= MARKERS_UP_TO) {
                    for (int i = 0; i < s.x.length; i++) {
                        if (usable(s, i)) {
                            g.fill(new Ellipse2D.Double(axes.px(s.x[i]) - 3.5, axes.py(s.y[i]) - 3.5, 7, 7));
                        }
                    }
                }
                if (s.name != null && !s.name.isEmpty()) {
                    names.add(s.name);
                    colors.add(c);
                }
            }
            g.setClip(clip);
            if (series.size() > 1) {
                axes.drawLegend(g, names, colors, true);
            }
            return image;
        } finally {
            g.dispose();
        }
    }

    private boolean usable(Series s, int i) {
        return Double.isFinite(s.x[i]) && Double.isFinite(s.y[i]) && (!logY || s.y[i] > 0);
    }

    /** Settings of a line plot. Defaults: no title or labels, linear y, 800 x 500 pixels. */
    public static final class Builder {
        private String title;
        private String xLabel;
        private String yLabel;
        private boolean logY;
        private int width = Style.DEFAULT_WIDTH;
        private int height = Style.DEFAULT_HEIGHT;
        private final List<Series> series = new ArrayList<>();

        private Builder() {
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder xLabel(String label) {
            this.xLabel = label;
            return this;
        }

        public Builder yLabel(String label) {
            this.yLabel = label;
            return this;
        }

        /** A logarithmic y axis; points with y &lt;= 0 are then skipped. */
        public Builder logY(boolean logY) {
            this.logY = logY;
            return this;
        }

        public Builder size(int width, int height) {
            Style.checkSize(width, height);
            this.width = width;
            this.height = height;
            return this;
        }

        /** Adds a series; {@code x} and {@code y} have the same length and are copied. */
        public Builder series(String name, double[] x, double[] y) {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series " + name + " has " + x.length + " x values but " + y.length
                        + " y values");
            }
            series.add(new Series(name, x.clone(), y.clone(), null));
            return this;
        }

        /** Adds a series with error bars of +-{@code se} (same length as {@code x}). */
        public Builder series(String name, double[] x, double[] y, double[] se) {
            if (x.length != y.length || x.length != se.length) {
                throw new IllegalArgumentException("series " + name + " needs as many x, y and standard errors");
            }
            series.add(new Series(name, x.clone(), y.clone(), se.clone()));
            return this;
        }

        public LinePlot build() {
            return new LinePlot(this);
        }
    }
}
