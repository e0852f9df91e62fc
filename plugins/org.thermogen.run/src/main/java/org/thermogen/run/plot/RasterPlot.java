package org.thermogen.run.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/**
 * Binary or spin samples as a black and white raster: one row per sample, one column per
 * unit; black is 1 (or +1), white 0 (or -1). With negative values present the threshold is
 * 0, otherwise 0.5. At most {@code maxRows} samples are shown (the first ones).
 *
 * <pre>{@code
 * RasterPlot.builder().title("Ising16: samples").samples(s.values(), s.count(), s.dimension())
 *         .build().write(out.resolve("samples.png"));
 * }</pre>
 *
 * Defaults: up to 200 rows, 800 x 500 pixels.
 */
public final class RasterPlot implements Chart {
    private final String title;
    private final double[] values;
    private final int rows;
    private final int units;
    private final int width;
    private final int height;

    private RasterPlot(Builder b) {
        this.title = b.title;
        this.units = b.units;
        this.rows = Math.min(b.count, b.maxRows);
        this.values = java.util.Arrays.copyOf(b.values, rows * units);
        this.width = b.width;
        this.height = b.height;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public BufferedImage render() {
        BufferedImage image = Style.image(width, height);
        Graphics2D g = Style.canvas(image);
        try {
            double[] xRange = {0, units};
            double[] yRange = {0, Math.max(1, rows)};
            Axes axes = new Axes(g, width, height, title, "unit", "sample", xRange, yRange, false);
            boolean spins = false;
            for (double v : values) {
                spins |= v < 0;
            }
            double threshold = spins ? 0 : 0.5;
            axes.drawFrame(g);
            // Sample r fills the band [r, r + 1] of the y axis, unit u the band [u, u + 1] of x,
            // so tick labels read as sample and unit indices.
            double cellW = axes.px(1) - axes.px(0);
            double cellH = axes.py(0) - axes.py(1);
            g.setColor(Color.BLACK);
            for (int r = 0; r < rows; r++) {
                for (int u = 0; u < units; u++) {
                    if (values[r * units + u] > threshold) {
                        g.fill(new Rectangle2D.Double(axes.px(u), axes.py(r + 1), cellW + 0.3, cellH + 0.3));
                    }
                }
            }
            if (rows == 0) {
                axes.drawEmpty(g, "no samples to show");
            }
            return image;
        } finally {
            g.dispose();
        }
    }

    /** Settings of a raster plot. */
    public static final class Builder {
        private String title;
        private double[] values;
        private int count;
        private int units;
        private int maxRows = 200;
        private int width = Style.DEFAULT_WIDTH;
        private int height = Style.DEFAULT_HEIGHT;

        private Builder() {
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        /** {@code count} samples of {@code units} values each, row-major. Required. */
        public Builder samples(double[] values, int count, int units) {
            if (units < 1 || count < 0 || (long) count * units > values.length) {
                throw new IllegalArgumentException(count + " samples of " + units + " units need " + (long) count * units
                        + " values, got " + values.length);
            }
            this.values = values;
            this.count = count;
            this.units = units;
            return this;
        }

        /** At most this many samples are shown. Default 200. */
        public Builder maxRows(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("show at least 1 row, not " + max);
            }
            this.maxRows = max;
            return this;
        }

        public Builder size(int width, int height) {
            Style.checkSize(width, height);
            this.width = width;
            this.height = height;
            return this;
        }

        public RasterPlot build() {
            if (values == null) {
                throw new IllegalArgumentException("a raster plot needs samples(values, count, units)");
            }
            return new RasterPlot(this);
        }
    }
}
