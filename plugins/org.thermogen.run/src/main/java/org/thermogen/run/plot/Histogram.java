package org.thermogen.run.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Histograms of one or more sets of numbers on shared bins, scaled as densities (bar area
 * sums to one) so that sets of different sizes and a density curve compare directly.
 * Non-finite values are skipped.
 *
 * <pre>{@code
 * Histogram.builder().title("Height: samples").xLabel("x")
 *         .values("data", data).values("samples", samples)
 *         .density("model", x -> Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI))
 *         .build().write(out.resolve("samples.png"));
 * }</pre>
 *
 * Defaults: the number of bins by the Freedman-Diaconis rule on the first set, between 10
 * and 80; 800 x 500 pixels.
 */
public final class Histogram implements Chart {
    private final String title;
    private final String xLabel;
    private final int bins;
    private final int width;
    private final int height;
    private final List<Set> sets;
    private final String curveName;
    private final DoubleUnaryOperator curve;

    private record Set(String name, double[] values) {
    }

    private Histogram(Builder b) {
        this.title = b.title;
        this.xLabel = b.xLabel;
        this.bins = b.bins;
        this.width = b.width;
        this.height = b.height;
        this.sets = List.copyOf(b.sets);
        this.curveName = b.curveName;
        this.curve = b.curve;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The Freedman-Diaconis bin count {@code range / (2 IQR n^(-1/3))} for the finite values,
     * clamped to [10, 80]; Sturges' {@code log2(n) + 1} when the IQR is zero.
     */
    static int autoBins(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        int n = v.length;
        if (n < 2 || v[n - 1] == v[0]) {
            return 10;
        }
        double iqr = quantile(v, 0.75) - quantile(v, 0.25);
        double k = iqr > 0
                ? (v[n - 1] - v[0]) / (2 * iqr * Math.cbrt(1.0 / n))
                : Math.log(n) / Math.log(2) + 1;
        return (int) Math.max(10, Math.min(80, Math.ceil(k)));
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(sorted.length - 1, i + 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }

    @Override
    public BufferedImage render() {
        BufferedImage image = Style.image(width, height);
        Graphics2D g = Style.canvas(image);
        try {
            Extent xe = new Extent();
            for (Set s : sets) {
                xe.addAll(s.values);
            }
            if (xe.isEmpty()) {
                Axes axes = new Axes(g, width, height, title, xLabel, "density", null, null, false);
                axes.drawFrame(g);
                axes.drawEmpty(g, "no values to show");
                return image;
            }
            double lo = xe.min();
            double hi = xe.max();
            if (hi == lo) {
                lo -= 0.5;
                hi += 0.5;
            }
            int nb = bins > 0 ? bins : autoBins(sets.get(0).values);
            double binWidth = (hi - lo) / nb;
            double[][] density = new double[sets.size()][nb];
            double top = 0;
            for (int k = 0; k < sets.size(); k++) {
                int total = 0;
                for (double v : sets.get(k).values) {
                    if (Double.isFinite(v)) {
                        int b = Math.min(nb - 1, (int) ((v - lo) / binWidth));
                        density[k][b]++;
                        total++;
                    }
                }
                for (int b = 0; b < nb && total > 0; b++) {
                    density[k][b] /= total * binWidth;
                    top = Math.max(top, density[k][b]);
                }
            }
            int samplesOnCurve = 400;
            double[] cx = new double[samplesOnCurve];
            double[] cy = new double[samplesOnCurve];
            if (curve != null) {
                for (int i = 0; i < samplesOnCurve; i++) {
                    cx[i] = lo + (hi - lo) * i / (samplesOnCurve - 1);
                    cy[i] = curve.applyAsDouble(cx[i]);
                    if (Double.isFinite(cy[i])) {
                        top = Math.max(top, cy[i]);
                    }
                }
            }
            Axes axes = new Axes(g, width, height, title, xLabel, "density", new double[] {lo, hi},
                    new double[] {0, top > 0 ? top : 1}, false);
            axes.drawFrame(g);
            var clip = g.getClip();
            g.clip(axes.plotArea());
            List<String> names = new ArrayList<>();
            List<Color> colors = new ArrayList<>();
            for (int k = 0; k < sets.size(); k++) {
                Color c = Style.series(k);
                for (int b = 0; b < nb; b++) {
                    double x0 = axes.px(lo + b * binWidth);
                    double x1 = axes.px(lo + (b + 1) * binWidth);
                    double y1 = axes.py(density[k][b]);
                    g.setColor(Style.withAlpha(c, sets.size() > 1 ? 0.45 : 0.75));
                    g.fill(new Rectangle2D.Double(x0, y1, x1 - x0, axes.py(0) - y1));
                }
                names.add(sets.get(k).name == null ? "" : sets.get(k).name);
                colors.add(c);
            }
            if (curve != null) {
                Color c = Style.series(sets.size());
                g.setColor(c);
                g.setStroke(Style.LINE);
                Path2D.Double path = new Path2D.Double();
                boolean open = false;
                for (int i = 0; i < samplesOnCurve; i++) {
                    if (!Double.isFinite(cy[i])) {
                        open = false;
                        continue;
                    }
                    if (open) {
                        path.lineTo(axes.px(cx[i]), axes.py(cy[i]));
                    } else {
                        path.moveTo(axes.px(cx[i]), axes.py(cy[i]));
                        open = true;
                    }
                }
                g.draw(path);
                names.add(curveName == null ? "" : curveName);
                colors.add(c);
            }
            g.setClip(clip);
            if (names.size() > 1) {
                axes.drawLegend(g, names, colors, false);
            }
            return image;
        } finally {
            g.dispose();
        }
    }

    /** Settings of a histogram. */
    public static final class Builder {
        private String title;
        private String xLabel;
        private int bins;
        private int width = Style.DEFAULT_WIDTH;
        private int height = Style.DEFAULT_HEIGHT;
        private final List<Set> sets = new ArrayList<>();
        private String curveName;
        private DoubleUnaryOperator curve;

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

        /** A fixed number of bins. Default: Freedman-Diaconis on the first set. */
        public Builder bins(int bins) {
            if (bins < 1 || bins > 10000) {
                throw new IllegalArgumentException("bins must be between 1 and 10000, not " + bins);
            }
            this.bins = bins;
            return this;
        }

        public Builder size(int width, int height) {
            Style.checkSize(width, height);
            this.width = width;
            this.height = height;
            return this;
        }

        /** Adds a set of values (copied). At least one is required. */
        public Builder values(String name, double[] values) {
            sets.add(new Set(name, values.clone()));
            return this;
        }

        /** A density curve drawn over the bars, e.g. the model's density. */
        public Builder density(String name, DoubleUnaryOperator density) {
            this.curveName = name;
            this.curve = density;
            return this;
        }

        public Histogram build() {
            if (sets.isEmpty()) {
                throw new IllegalArgumentException("a histogram needs at least one set of values");
            }
            return new Histogram(this);
        }
    }
}
