package org.thermogen.run;

import java.util.List;
import java.util.Optional;
import org.thermogen.run.family.Outline;
import org.ejml.data.DMatrixRMaj;
import org.thermogen.run.family.Outline;
import org.thermogen.run.plot.Chart;
import org.thermogen.run.plot.Histogram;
import org.thermogen.run.plot.ImageGrid;
import org.thermogen.run.plot.RasterPlot;
import org.thermogen.run.plot.ScatterPlot;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.GroundTruth;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.SamplePicture;
import org.thermogen.runtime.model.VariableSpec;
import org.thermogen.runtime.sample.Samples;

/**
 * Chooses {@code samples.png}: as the model's {@code show samples as ...} clause says, or
 * else from its observed variables, first match wins:
 * <ol>
 * <li>two real units: the samples scattered over the training data, equal aspect;</li>
 * <li>one real unit: a histogram of the samples and the training data, with the true
 *     density when the data come from a known Gaussian;</li>
 * <li>a variable with a two-dimensional shape ({@code v[8,8]}, {@code s[16,16]}): its values
 *     as a grid of images;</li>
 * <li>binary or spin units: a black and white raster of samples by units;</li>
 * <li>otherwise: the first two units scattered over the training data's.</li>
 * </ol>
 * A Gaussian mixture over two units adds each component's 1- and 2-sigma ellipses to its
 * scatter plot.
 */
final class SamplesPicture {
    private SamplesPicture() {
    }

    /** The training data to draw beside the samples, with its true distribution if known. */
    record Backdrop(Dataset data, GroundTruth truth) {
    }

    /** Images shown in a grid of samples. */
    static final int IMAGES = 64;

    static Chart chart(ModelSpec spec, Samples samples, Optional<Backdrop> backdrop, Optional<SamplePicture> asked) {
        return chart(spec, samples, backdrop, asked, List.of());
    }

    /** The picture, with the ellipses of {@code components} on a two-unit scatter plot. */
    static Chart chart(ModelSpec spec, Samples samples, Optional<Backdrop> backdrop, Optional<SamplePicture> asked,
            List<Outline> components) {
        List<VariableSpec> observed = spec.variables().stream().filter(v -> v.role().isObserved()).toList();
        boolean allReal = observed.stream().allMatch(v -> v.domain() == Domain.REAL);
        int d = samples.dimension();
        String title = spec.name() + ": " + samples.count() + " samples";
        // An image grid shows the first IMAGES only; the title must not claim the rest.
        String imagesTitle = samples.count() > IMAGES ? spec.name() + ": the first " + IMAGES + " of " + samples.count()
                + " samples" : title;
        // The data's own names for the units (a CSV's header) when the training data has them.
        List<String> names = backdrop.flatMap(b -> b.data().columnNames()).filter(n -> n.size() == d)
                .orElse(Units.observedNames(spec));
        if (asked.isPresent()) {
            SamplePicture p = asked.get();
            switch (p.kind()) {
                case IMAGES -> {
                    if (p.height() * p.width() != d) {
                        throw new IllegalArgumentException(spec.name() + ": images(" + p.height() + ", " + p.width()
                                + ") needs " + p.height() * p.width() + " units per sample, the model observes " + d);
                    }
                    return ImageGrid.builder().title(imagesTitle).images(samples.values(), samples.count(), p.height(), p.width())
                            .maxImages(IMAGES).build();
                }
                case RASTER -> {
                    return RasterPlot.builder().title(title).samples(samples.values(), samples.count(), d).build();
                }
                case HISTOGRAM -> {
                    Histogram.Builder h = Histogram.builder().title(title).xLabel(names.get(0));
                    h.values("samples", column(samples.values(), d, 0, samples.count()));
                    return h.build();
                }
                case SCATTER -> {
                    if (d >= 2) {
                        return scatter(title, samples, backdrop, names, d == 2 ? components : List.of());
                    }
                }
            }
        }
        if (allReal && d == 2) {
            return scatter(title + (backdrop.isPresent() ? " over the training data" : "")
                    + (components.isEmpty() ? "" : ", components at 1 and 2 sigma"), samples, backdrop, names, components);
        }
        if (allReal && d == 1) {
            Histogram.Builder h = Histogram.builder().title(title).xLabel(names.get(0));
            backdrop.ifPresent(b -> h.values("training data", b.data.values()));
            h.values("samples", samples.values());
            backdrop.map(Backdrop::truth).flatMap(SamplesPicture::normalDensity)
                    .ifPresent(f -> h.density("true density", f));
            return h.build();
        }
        for (VariableSpec v : observed) {
            if (v.shape().rank() == 2) {
                int size = v.size();
                double[] images = new double[samples.count() * size];
                for (int i = 0; i < samples.count(); i++) {
                    System.arraycopy(samples.values(), i * d + v.offset(), images, i * size, size);
                }
                String of = observed.size() > 1 ? " (" + v.name() + ")" : "";
                return ImageGrid.builder().title(imagesTitle + of).images(images, samples.count(), v.shape().dim(0),
                        v.shape().dim(1)).maxImages(IMAGES).build();
            }
        }
        if (observed.stream().allMatch(v -> v.domain() != Domain.REAL)) {
            return RasterPlot.builder().title(title).samples(samples.values(), samples.count(), d).build();
        }
        if (d < 2) {
            // A model observing no units at all: nothing to scatter, the histogram says so.
            return Histogram.builder().title(title).values("samples", samples.values()).build();
        }
        return scatter(title + ": " + names.get(0) + " and " + names.get(1), samples, backdrop, names, List.of());
    }

    private static Chart scatter(String title, Samples samples, Optional<Backdrop> backdrop, List<String> names,
            List<Outline> components) {
        ScatterPlot.Builder s = ScatterPlot.builder().title(title).xLabel(names.get(0)).yLabel(names.get(1))
                .equalAspect(true);
        backdrop.ifPresent(b -> s.points("training data", column(b.data.values(), b.data.columns(), 0, b.data.rows()),
                column(b.data.values(), b.data.columns(), 1, b.data.rows())));
        int d = samples.dimension();
        s.points("samples", column(samples.values(), d, 0, samples.count()), column(samples.values(), d, 1,
                samples.count()));
        for (Outline c : components) {
            s.ellipse(c.cx(), c.cy(), c.sxx(), c.sxy(), c.syy(), 1, 2);
        }
        return s.build();
    }

    private static double[] column(double[] values, int width, int column, int rows) {
        double[] c = new double[rows];
        for (int i = 0; i < rows; i++) {
            c[i] = values[i * width + column];
        }
        return c;
    }

    /** The density of a one-dimensional Gaussian truth. */
    private static Optional<java.util.function.DoubleUnaryOperator> normalDensity(GroundTruth truth) {
        if (truth instanceof GroundTruth.Gaussian g && g.mean().length == 1) {
            DMatrixRMaj cov = g.covariance();
            double mean = g.mean()[0];
            double var = cov.get(0, 0);
            if (var > 0) {
                double norm = 1 / Math.sqrt(2 * Math.PI * var);
                return Optional.of(x -> norm * Math.exp(-(x - mean) * (x - mean) / (2 * var)));
            }
        }
        return Optional.empty();
    }
}
