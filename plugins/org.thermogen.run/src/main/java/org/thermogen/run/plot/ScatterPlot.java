package org.thermogen.run.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Point sets in the plane, e.g. training data under model samples. Each set gets a palette
 * colour, drawn translucent so that dense regions show; later sets are drawn on top.
 * Non-finite points are skipped. Covariance ellipses (the 1- and 2-sigma contours of a
 * Gaussian mixture's components, say) are outlined on top of all points, the first radius
 * of each solid and further radii dashed; the axes always include them.
 *
 * <pre>{@code
 * ScatterPlot.builder().title("Body: samples").xLabel("x[0]").yLabel("x[1]").equalAspect(true)
 *         .points("data", dataX, dataY).points("samples", sampleX, sampleY)
 *         .build().write(out.resolve("samples.png"));
 *
 * // with the 1- and 2-sigma ellipses of a component of mean (0, 1) and covariance [[2, 0.5], [0.5, 1]]:
 * ScatterPlot.builder().points("data", dataX, dataY).ellipse(0, 1, 2, 0.5, 1, 1, 2).build();
 * }</pre>
 */
public final class ScatterPlot implements Chart {
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean equalAspect;
    private final double alpha;
    private final double markerSize;
    private final int width;
    private final int height;
    private final List<Points> sets;
    private final List<Ellipse> ellipses;

    private record Points(String name, double[] x, double[] y) {
    }

    /** The contours {@code u' S^-1 u = r^2} about a centre, {@code S = L L'} with {@code L} lower triangular. */
    private record Ellipse(double cx, double cy, double l11, double l21, double l22, double[] radii) {
    }

    /** Segments of a drawn ellipse: smooth at any size a chart has. */
    private static final int ELLIPSE_SEGMENTS = 120;
    private static final Color ELLIPSE = new Color(0x222222);
    private static final BasicStroke ELLIPSE_SOLID = new BasicStroke(1.5f);
    private static final BasicStroke ELLIPSE_DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND,
            10f, new float[] {6f, 4f}, 0f);

    private ScatterPlot(Builder b) {
        this.title = b.title;
        this.xLabel = b.xLabel;
        this.yLabel = b.yLabel;
        this.equalAspect = b.equalAspect;
        this.alpha = b.alpha;
        this.markerSize = b.markerSize;
        this.width = b.width;
        this.height = b.height;
        this.sets = List.copyOf(b.sets);
        this.ellipses = List.copyOf(b.ellipses);
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
            for (Points p : sets) {
                for (int i = 0; i < p.x.length; i++) {
                    if (Double.isFinite(p.x[i]) && Double.isFinite(p.y[i])) {
                        xe.add(p.x[i]);
                        ye.add(p.y[i]);
                    }
                }
            }
            for (Ellipse e : ellipses) {
                double r = e.radii[e.radii.length - 1];
                double hx = r * Math.abs(e.l11);
                double hy = r * Math.hypot(e.l21, e.l22);
                xe.add(e.cx - hx);
                xe.add(e.cx + hx);
                ye.add(e.cy - hy);
                ye.add(e.cy + hy);
            }
            double[] xr = xe.toArray();
            double[] yr = ye.toArray();
            Axes axes = new Axes(g, width, height, title, xLabel, yLabel, xr, yr, false);
            if (equalAspect && xr != null) {
                axes = equalAspect(g, axes, xr, yr);
            }
            axes.drawFrame(g);
            if (xr == null) {
                axes.drawEmpty(g, "no points to show");
                return image;
            }
            var clip = g.getClip();
            g.clip(axes.plotArea());
            List<String> names = new ArrayList<>();
            List<Color> colors = new ArrayList<>();
            double r = markerSize / 2;
            for (int k = 0; k < sets.size(); k++) {
                Points p = sets.get(k);
                Color c = Style.series(k);
                g.setColor(Style.withAlpha(c, alpha));
                for (int i = 0; i < p.x.length; i++) {
                    if (Double.isFinite(p.x[i]) && Double.isFinite(p.y[i])) {
                        g.fill(new Ellipse2D.Double(axes.px(p.x[i]) - r, axes.py(p.y[i]) - r, markerSize, markerSize));
                    }
                }
                if (p.name != null && !p.name.isEmpty()) {
                    names.add(p.name);
                    colors.add(c);
                }
            }
            drawEllipses(g, axes);
            g.setClip(clip);
            if (sets.size() > 1) {
                axes.drawLegend(g, names, colors, false);
            }
            return image;
        } finally {
            g.dispose();
        }
    }

    private void drawEllipses(Graphics2D g, Axes axes) {
        g.setColor(ELLIPSE);
        for (Ellipse e : ellipses) {
            for (int i = 0; i < e.radii.length; i++) {
                double r = e.radii[i];
                Path2D.Double path = new Path2D.Double();
                for (int s = 0; s <= ELLIPSE_SEGMENTS; s++) {
                    double t = 2 * Math.PI * s / ELLIPSE_SEGMENTS;
                    double a = r * Math.cos(t);
                    double b = r * Math.sin(t);
                    double px = axes.px(e.cx + e.l11 * a);
                    double py = axes.py(e.cy + e.l21 * a + e.l22 * b);
                    if (s == 0) {
                        path.moveTo(px, py);
                    } else {
                        path.lineTo(px, py);
                    }
                }
                g.setStroke(i == 0 ? ELLIPSE_SOLID : ELLIPSE_DASHED);
                g.draw(path);
            }
        }
    }

    /**
     * Axes spanning the data plus a 5% margin, the shorter range widened about its centre
     * until one unit spans as many pixels on both axes. The limits are kept exact (ticks
     * fall inside them): rounding them out to ticks would break the equality again.
     */
    private Axes equalAspect(Graphics2D g, Axes axes, double[] xr, double[] yr) {
        double pw = axes.right - axes.left;
        double ph = axes.bottom - axes.top;
        double xSpan = Math.max(xr[1] - xr[0], 1e-12) * 1.1;
        double ySpan = Math.max(yr[1] - yr[0], 1e-12) * 1.1;
        double perPixel = Math.max(xSpan / pw, ySpan / ph);
        double cx = (xr[0] + xr[1]) / 2;
        double cy = (yr[0] + yr[1]) / 2;
        double[] x = {cx - perPixel * pw / 2, cx + perPixel * pw / 2};
        double[] y = {cy - perPixel * ph / 2, cy + perPixel * ph / 2};
        Axes exact = new Axes(g, width, height, title, xLabel, yLabel, x, y, false, true);
        // The y tick labels may change the left margin and with it the plot width: fit once more.
        double pw2 = exact.right - exact.left;
        if (pw2 != pw) {
            double perPixel2 = Math.max(xSpan / pw2, ySpan / ph);
            x = new double[] {cx - perPixel2 * pw2 / 2, cx + perPixel2 * pw2 / 2};
            y = new double[] {cy - perPixel2 * ph / 2, cy + perPixel2 * ph / 2};
            exact = new Axes(g, width, height, title, xLabel, yLabel, x, y, false, true);
        }
        return exact;
    }

    /**
     * Settings of a scatter plot. Defaults: no title or labels, translucency 0.5, markers of
     * 5 pixels, free aspect, 800 x 500 pixels.
     */
    public static final class Builder {
        private String title;
        private String xLabel;
        private String yLabel;
        private boolean equalAspect;
        private double alpha = 0.5;
        private double markerSize = 5;
        private int width = Style.DEFAULT_WIDTH;
        private int height = Style.DEFAULT_HEIGHT;
        private final List<Points> sets = new ArrayList<>();
        private final List<Ellipse> ellipses = new ArrayList<>();

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

        /** One unit spans the same number of pixels on both axes (circles stay round). */
        public Builder equalAspect(boolean equal) {
            this.equalAspect = equal;
            return this;
        }

        /** Opacity of the markers, from 0 (invisible) to 1 (opaque). */
        public Builder alpha(double alpha) {
            if (!(alpha > 0 && alpha <= 1)) {
                throw new IllegalArgumentException("alpha must be in (0, 1], not " + alpha);
            }
            this.alpha = alpha;
            return this;
        }

        /** Marker diameter in pixels. */
        public Builder markerSize(double pixels) {
            if (!(pixels > 0 && pixels <= 100)) {
                throw new IllegalArgumentException("marker size must be in (0, 100] pixels, not " + pixels);
            }
            this.markerSize = pixels;
            return this;
        }

        public Builder size(int width, int height) {
            Style.checkSize(width, height);
            this.width = width;
            this.height = height;
            return this;
        }

        /** Adds a point set; the arrays have the same length and are copied. */
        public Builder points(String name, double[] x, double[] y) {
            if (x.length != y.length) {
                throw new IllegalArgumentException("points " + name + " have " + x.length + " x values but " + y.length
                        + " y values");
            }
            sets.add(new Points(name, x.clone(), y.clone()));
            return this;
        }

        /**
         * Adds the contours {@code u' S^-1 u = r^2}, {@code u = (x - cx, y - cy)}, of the
         * covariance {@code S = [[sxx, sxy], [sxy, syy]]} for each radius {@code r} (in standard
         * deviations: 1 and 2 give the 1- and 2-sigma ellipses of a Gaussian), the first solid
         * and the others dashed (radii are sorted: the smallest is solid).
         *
         * @throws IllegalArgumentException if the centre is not finite, {@code S} is not positive
         *                                  definite, or a radius is not positive
         */
        public Builder ellipse(double cx, double cy, double sxx, double sxy, double syy, double... radii) {
            if (!Double.isFinite(cx) || !Double.isFinite(cy)) {
                throw new IllegalArgumentException("an ellipse needs a finite centre, not (" + cx + ", " + cy + ")");
            }
            if (!(sxx > 0) || !(syy > 0) || !(sxx * syy - sxy * sxy > 0) || !Double.isFinite(sxx * syy)) {
                throw new IllegalArgumentException("an ellipse needs a positive definite covariance, not [[" + sxx + ", "
                        + sxy + "], [" + sxy + ", " + syy + "]]");
            }
            if (radii.length == 0) {
                throw new IllegalArgumentException("an ellipse needs at least one radius, such as 1 and 2");
            }
            for (double r : radii) {
                if (!(r > 0) || Double.isInfinite(r)) {
                    throw new IllegalArgumentException("ellipse radii must be positive and finite, not " + r);
                }
            }
            double l11 = Math.sqrt(sxx);
            double l21 = sxy / l11;
            double l22 = Math.sqrt(syy - l21 * l21);
            double[] sorted = radii.clone();
            java.util.Arrays.sort(sorted);
            ellipses.add(new Ellipse(cx, cy, l11, l21, l22, sorted));
            return this;
        }

        public ScatterPlot build() {
            return new ScatterPlot(this);
        }
    }
}
