package org.thermogen.runtime.diffusion;

import org.thermogen.runtime.nn.Workspace;

/** The network of a {@link DiffusionModel} as a {@link Denoiser}: inputs {@code [x, embed(t)]}, in slices of rows. */
final class MlpDenoiser implements Denoiser {
    private final DiffusionModel model;
    private final double[] theta;
    private final int capacity;
    private final Workspace workspace;
    private final double[] input;

    MlpDenoiser(DiffusionModel model, double[] theta, int capacity) {
        this.model = model;
        this.theta = theta;
        this.capacity = capacity;
        this.workspace = model.network().workspace(capacity);
        this.input = new double[capacity * model.network().spec().inputSize()];
    }

    @Override
    public int dimension() {
        return model.dimension();
    }

    @Override
    public Prediction prediction() {
        return model.prediction();
    }

    @Override
    public void predict(double[] x, int rows, int[] timesteps, double[] out) {
        int d = model.dimension();
        int width = model.network().spec().inputSize();
        for (int from = 0; from < rows; from += capacity) {
            int m = Math.min(capacity, rows - from);
            for (int r = 0; r < m; r++) {
                System.arraycopy(x, (from + r) * d, input, r * width, d);
                model.embed(theta, timesteps[from + r], input, r * width + d);
            }
            model.network().forward(theta, input, m, workspace);
            System.arraycopy(workspace.output(), 0, out, from * d, m * d);
        }
    }

    @Override
    public Denoiser duplicate() {
        return new MlpDenoiser(model, theta, capacity);
    }
}
