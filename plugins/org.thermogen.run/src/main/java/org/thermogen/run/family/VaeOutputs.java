package org.thermogen.run.family;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.thermogen.run.plot.ImageGrid;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.model.SamplePicture;
import org.thermogen.runtime.vae.VaeStructure;

/**
 * A VAE whose samples are shown as images: {@code reconstructions.png}, rows of eight
 * training images, each above its reconstruction (the mean of {@code p(x | z1)} at the mean
 * of {@code q(z1 | x)}).
 */
final class VaeOutputs implements FamilyOutputs {
    /** Training rows above their reconstructions. */
    static final String RECONSTRUCTIONS_PLOT = "reconstructions.png";

    private final Family family;
    private final VaeStructure structure;

    VaeOutputs(Family family, VaeStructure structure) {
        this.family = family;
        this.structure = structure;
    }

    @Override
    public List<Figure> afterSampling(double[] theta) throws IOException {
        Optional<SamplePicture> picture = family.model().samplePicture();
        if (picture.isEmpty() || picture.get().kind() != SamplePicture.Kind.IMAGES || family.model().training().isEmpty()) {
            return List.of();
        }
        Dataset data = family.trainingData().get();
        int d = data.columns();
        int shown = Math.min(32, data.rows());
        double[] rows = Arrays.copyOf(data.values(), shown * d);
        Dataset first = new Dataset(data.name(), shown, d, rows, null);
        double[] rec = structure.vae().reconstruct(theta, first);
        int columns = 8;
        double[] grid = new double[2 * shown * d];
        int at = 0;
        for (int start = 0; start < shown; start += columns) {
            int n = Math.min(columns, shown - start);
            System.arraycopy(rows, start * d, grid, at, n * d);
            at += columns * d;
            System.arraycopy(rec, start * d, grid, at, n * d);
            at += columns * d;
        }
        Path file = family.outDir().resolve(RECONSTRUCTIONS_PLOT);
        ImageGrid.builder().title(family.model().spec().name()
                + ": training images (odd rows) and their reconstructions (even rows)")
                .images(grid, at / d, picture.get().height(), picture.get().width()).columns(columns).range(0, 1)
                .maxImages(at / d).build().write(file);
        return List.of(new Figure(file, null, "Training images (odd rows) above their reconstructions (even rows).",
                "reconstructions"));
    }
}
