package org.thermogen.run.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/**
 * Rows of values shown as small grayscale images in a grid, e.g. 8 x 8 digits or spin
 * lattices. Each row of {@code height * width} values is one image, row-major. Values map
 * linearly from the range's low end (white) to its high end (black), like ink on paper.
 *
 * <pre>{@code
 * ImageGrid.builder().title("DigitsRbm: samples").images(samples.values(), samples.count(), 8, 8)
 *         .build().write(out.resolve("samples.png"));
 * }</pre>
 *
 * Defaults: the first 64 images, a near-square grid, the range of the shown values (or
 * [0, 1] when they all lie in it), 800 x 500 pixels.
 */
public final class ImageGrid implements Chart {
    private final String title;
    private final double[] values;
    private final int count;
    private final int imageHeight;
    private final int imageWidth;
    private final int columns;
    private final Double low;
    private final Double high;
    private final int width;
    private final int height;

    private ImageGrid(Builder b) {
        this.title = b.title;
        this.imageHeight = b.imageHeight;
        this.imageWidth = b.imageWidth;
        this.count = Math.min(b.count, b.maxImages);
        this.values = java.util.Arrays.copyOf(b.values, count * imageHeight * imageWidth);
        this.columns = b.columns > 0 ? b.columns : Math.max(1, (int) Math.ceil(Math.sqrt(count)));
        this.low = b.low;
        this.high = b.high;
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
            double top = title == null || title.isEmpty() ? 16 : 44;
            if (title != null && !title.isEmpty()) {
                g.setColor(Style.TEXT);
                g.setFont(Style.TITLE);
                Style.centred(g, title, width / 2.0, 28);
            }
            if (count == 0) {
                g.setColor(Style.AXIS);
                g.setFont(Style.LABEL);
                Style.centred(g, "no images to show", width / 2.0, height / 2.0);
                return image;
            }
            double lo;
            double hi;
            if (low != null) {
                lo = low;
                hi = high;
            } else {
                Extent e = new Extent();
                e.addAll(values);
                lo = e.isEmpty() ? 0 : e.min();
                hi = e.isEmpty() ? 1 : e.max();
                if (lo >= 0 && hi <= 1) {
                    lo = 0;
                    hi = 1;
                }
                if (hi == lo) {
                    hi = lo + 1;
                }
            }
            int rows = (count + columns - 1) / columns;
            double gap = 3;
            double availableW = width - 32;
            double availableH = height - top - 16;
            double pixel = Math.min((availableW - gap * (columns - 1)) / (columns * imageWidth),
                    (availableH - gap * (rows - 1)) / (rows * imageHeight));
            double cellW = pixel * imageWidth;
            double cellH = pixel * imageHeight;
            double gridW = columns * cellW + (columns - 1) * gap;
            double gridH = rows * cellH + (rows - 1) * gap;
            double x0 = (width - gridW) / 2;
            double y0 = top + (availableH - gridH) / 2;
            int size = imageHeight * imageWidth;
            for (int k = 0; k < count; k++) {
                double cx = x0 + (k % columns) * (cellW + gap);
                double cy = y0 + (k / columns) * (cellH + gap);
                for (int r = 0; r < imageHeight; r++) {
                    for (int c = 0; c < imageWidth; c++) {
                        double v = values[k * size + r * imageWidth + c];
                        g.setColor(gray(v, lo, hi));
                        g.fill(new Rectangle2D.Double(cx + c * pixel, cy + r * pixel, pixel + 0.5, pixel + 0.5));
                    }
                }
                g.setColor(Style.GRID);
                g.setStroke(Style.THIN);
                g.draw(new Rectangle2D.Double(cx - 0.5, cy - 0.5, cellW + 1, cellH + 1));
            }
            return image;
        } finally {
            g.dispose();
        }
    }

    private static Color gray(double v, double lo, double hi) {
        if (!Double.isFinite(v)) {
            return Style.MISSING;
        }
        double t = Math.max(0, Math.min(1, (v - lo) / (hi - lo)));
        int level = (int) Math.round(255 * (1 - t));
        return new Color(level, level, level);
    }

    /** Settings of an image grid. */
    public static final class Builder {
        private String title;
        private double[] values;
        private int count;
        private int imageHeight;
        private int imageWidth;
        private int columns;
        private int maxImages = 64;
        private Double low;
        private Double high;
        private int width = Style.DEFAULT_WIDTH;
        private int height = Style.DEFAULT_HEIGHT;

        private Builder() {
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        /** {@code count} images of {@code height x width} values each, one after another. Required. */
        public Builder images(double[] values, int count, int height, int width) {
            if (height < 1 || width < 1 || count < 0 || (long) count * height * width > values.length) {
                throw new IllegalArgumentException(count + " images of " + height + " x " + width + " need "
                        + (long) count * height * width + " values, got " + values.length);
            }
            this.values = values;
            this.count = count;
            this.imageHeight = height;
            this.imageWidth = width;
            return this;
        }

        /** Images per grid row. Default: a near-square grid. */
        public Builder columns(int columns) {
            if (columns < 1) {
                throw new IllegalArgumentException("an image grid needs at least 1 column, not " + columns);
            }
            this.columns = columns;
            return this;
        }

        /** At most this many images are shown (the first ones). Default 64. */
        public Builder maxImages(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("show at least 1 image, not " + max);
            }
            this.maxImages = max;
            return this;
        }

        /** The values drawn white ({@code low}) and black ({@code high}). Default: from the data. */
        public Builder range(double low, double high) {
            if (!(high > low) || !Double.isFinite(low) || !Double.isFinite(high)) {
                throw new IllegalArgumentException("the grayscale range needs finite low < high, not " + low + ", " + high);
            }
            this.low = low;
            this.high = high;
            return this;
        }

        public Builder size(int width, int height) {
            Style.checkSize(width, height);
            this.width = width;
            this.height = height;
            return this;
        }

        public ImageGrid build() {
            if (values == null) {
                throw new IllegalArgumentException("an image grid needs images(values, count, height, width)");
            }
            return new ImageGrid(this);
        }
    }
}
