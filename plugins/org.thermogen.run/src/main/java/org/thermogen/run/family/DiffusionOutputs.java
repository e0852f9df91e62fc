package org.thermogen.run.family;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.thermogen.run.plot.ImageGrid;
import org.thermogen.runtime.diffusion.DenoiserTraining;
import org.thermogen.runtime.diffusion.DiffusionSampler;
import org.thermogen.runtime.diffusion.DiffusionStructure;
import org.thermogen.runtime.diffusion.Trajectory;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.SamplePicture;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.sample.Sampler;
import org.thermogen.runtime.train.Trainer;

/**
 * A diffusion model whose samples are shown as images: grids of samples while it trains
 * ({@link TrainingSnapshots}, when its trainer asks for {@code snapshots}), and
 * {@code denoising.png}, one sample of its first diffusion sampler at twelve evenly spaced
 * reverse steps, from pure noise (left) to the final sample (right), above the clean image the
 * denoiser inferred at each of those steps.
 */
final class DiffusionOutputs implements FamilyOutputs {
    /** One sample denoised step by step, above the clean image predicted at each step. */
    static final String DENOISING_PLOT = "denoising.png";

    private final Family family;
    private final DiffusionStructure structure;

    DiffusionOutputs(Family family, DiffusionStructure structure) {
        this.family = family;
        this.structure = structure;
    }

    private Optional<SamplePicture> images() {
        return family.model().samplePicture().filter(p -> p.kind() == SamplePicture.Kind.IMAGES);
    }

    @Override
    public ProgressListener watchTraining(Trainer trainer, ProgressListener heard) {
        if (!(trainer instanceof DenoiserTraining denoising) || denoising.snapshots() <= 0 || images().isEmpty()) {
            return heard;
        }
        return new TrainingSnapshots(heard, family.model().spec().name(), structure.model(), images().get(),
                family.outDir(), denoising.snapshots(), family.context().random("training snapshots").nextLong());
    }

    @Override
    public List<Figure> afterSampling(double[] theta) throws IOException {
        Optional<SamplePicture> picture = images();
        DiffusionSampler sampler = null;
        for (Sampler s : family.model().samplers()) {
            if (s instanceof DiffusionSampler d) {
                sampler = d;
                break;
            }
        }
        if (picture.isEmpty() || sampler == null) {
            return List.of();
        }
        Trajectory path = sampler.sampleWithTrajectory(family.model(), theta, 1, family.context(), 0).trajectory();
        ModelSpec spec = family.model().spec();
        int d = spec.observedSize();
        int steps = path.timesteps().length;
        int columns = Math.min(12, steps + 1);
        double[] grid = new double[2 * columns * d];
        for (int c = 0; c < columns; c++) {
            int k = (int) Math.round((double) c * steps / (columns - 1));
            System.arraycopy(path.states()[k], 0, grid, c * d, d);
            double[] clean = path.predictedX0()[Math.min(k, steps - 1)];
            System.arraycopy(clean, 0, grid, (columns + c) * d, d);
        }
        // The grey scale of the final sample: early predictions of the clean image divide by
        // sqrt(alpha_bar_T) and would otherwise wash every other picture out.
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (double v : path.states()[steps]) {
            low = Math.min(low, v);
            high = Math.max(high, v);
        }
        if (!(high > low)) {
            high = low + 1;
        }
        Path file = family.outDir().resolve(DENOISING_PLOT);
        ImageGrid.builder().title(spec.name() + ": denoising (top), predicted clean image (bottom)")
                .images(grid, 2 * columns, picture.get().height(), picture.get().width()).columns(columns)
                .range(low, high).maxImages(2 * columns).build().write(file);
        return List.of(new Figure(file, null, "One sample denoised step by step, from pure noise to the final sample,"
                + " above the clean image the denoiser inferred at each step.", "denoising"));
    }
}
