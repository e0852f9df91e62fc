package org.thermogen.run.family;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.thermogen.run.plot.ImageGrid;
import org.thermogen.runtime.diffusion.Ddim;
import org.thermogen.runtime.diffusion.DiffusionModel;
import org.thermogen.runtime.diffusion.DiffusionSamples;
import org.thermogen.runtime.model.SamplePicture;
import org.thermogen.runtime.run.ForwardingListener;
import org.thermogen.runtime.run.ProgressListener;

/**
 * Grids of samples while a diffusion model of images trains: at evenly spaced epochs, 16
 * samples by DDIM with 25 steps from the trainer's snapshot (its moving average when it keeps
 * one) into {@code progress/samples-epoch-NNNN.png}, always from the same starting noise so
 * that the grids show the same samples taking shape. They draw from a random stream of their
 * own, so training is bit-identical with or without them. Passes everything on (it once dropped
 * the training states, so a diffusion model of images saved none for {@code --resume}).
 */
public final class TrainingSnapshots extends ForwardingListener {
    /** The folder of the grids inside the output folder. */
    static final String FOLDER = "progress";
    private static final int SAMPLES = 16;
    private static final int STEPS = 25;

    private final DiffusionModel model;
    private final SamplePicture picture;
    private final Path dir;
    private final int count;
    private final long seed;
    private final String name;
    private long total;
    private IOException failure;
    private int written;

    /**
     * @param delegate where every call goes on to
     * @param name     the model's name, for the grids' titles
     * @param count    how many grids, at evenly spaced epochs ending with the last
     * @param seed     the stream the starting noise is drawn from
     */
    public TrainingSnapshots(ProgressListener delegate, String name, DiffusionModel model, SamplePicture picture, Path outDir,
            int count, long seed) {
        super(delegate);
        this.name = name;
        this.model = model;
        this.picture = picture;
        this.dir = outDir.resolve(FOLDER);
        this.count = count;
        this.seed = seed;
    }

    @Override
    public void begin(String task, long totalSteps) {
        if (total == 0) {
            total = totalSteps;
        }
        super.begin(task, totalSteps);
    }


    @Override
    public void snapshot(long step, double[] theta) {
        super.snapshot(step, theta);
        if (failure != null || total <= 0 || !due(step)) {
            return;
        }
        try {
            write(step, theta);
        } catch (IOException e) {
            // A picture that cannot be written must not stop the training; the job reports it at the end.
            failure = e;
            delegate.note("cannot write the training snapshot into " + dir + ": " + e.getMessage());
        }
    }

    /** Whether epoch {@code step} is one of {@code count} evenly spaced epochs ending with the last. */
    boolean due(long step) {
        int n = (int) Math.min(count, total);
        for (int k = 1; k <= n; k++) {
            if (step == Math.round((double) k * total / n)) {
                return true;
            }
        }
        return false;
    }

    private void write(long step, double[] theta) throws IOException {
        Files.createDirectories(dir);
        DiffusionSamples s = new Ddim(Math.min(STEPS, model.schedule().steps()), 0).sample(model.schedule(),
                model.denoiser(theta), SAMPLES, new SplittableRandom(seed), null, -1);
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (double v : s.values()) {
            low = Math.min(low, v);
            high = Math.max(high, v);
        }
        if (!(high > low)) {
            high = low + 1;
        }
        String file = String.format(Locale.ROOT, "samples-epoch-%04d.png", step);
        ImageGrid.builder().title(name + ": samples at epoch " + step + " of " + total)
                .images(s.values(), SAMPLES, picture.height(), picture.width()).columns(4).range(low, high)
                .maxImages(SAMPLES).build().write(dir.resolve(file));
        written++;
    }

    int written() {
        return written;
    }
}
