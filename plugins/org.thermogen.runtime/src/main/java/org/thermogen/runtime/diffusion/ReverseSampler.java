package org.thermogen.runtime.diffusion;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.thermogen.runtime.run.Parallel;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;

/**
 * Draws points by running a diffusion backwards from {@code x_T ~ N(0, I)} with a
 * {@link Denoiser}: {@link Ddpm} (ancestral sampling, every timestep) or {@link Ddim}
 * (a subsequence of timesteps, deterministic at {@code eta 0}). Immutable settings.
 *
 * <p>Every reverse step has the form
 * {@code x_prev = c_x0 x0hat + c_xt x_t + c_eps epshat + sd z}, {@code z ~ N(0, I)}, where
 * {@code x0hat} and {@code epshat} are the denoiser's output converted by its
 * {@link Prediction} type; subclasses give the coefficients.
 *
 * <p><b>Reproducibility.</b> Sample {@code i} has its own random stream, the {@code i}-th
 * split of the given stream (in order), which first draws its {@code x_T} (in
 * {@link #sample}) and then its step noises. Rows are cut into a fixed number of pieces
 * whatever the number of threads, and the denoiser treats rows independently, so the
 * output is bit-identical with one thread or many. Each piece uses its own
 * {@link Denoiser#duplicate()} and work arrays, allocated once; the steps allocate nothing.
 */
public abstract sealed class ReverseSampler permits Ddpm, Ddim {
    /** Pieces of parallel work; fixed so that grouping never depends on the machine. */
    static final int PIECES = 16;

    ReverseSampler() {
    }

    /** The sampler in .gen syntax: {@code ddpm(variance posterior)}, {@code ddim(steps 50, eta 0)}. */
    public abstract String describe();

    @Override
    public String toString() {
        return describe();
    }

    /** The timesteps at which the denoiser is evaluated, in the order visited ({@code T} first). */
    public abstract int[] timesteps(NoiseSchedule schedule);

    /**
     * The coefficients {@code {c_x0, c_xt, c_eps, sd}} of the step from timestep {@code t},
     * the {@code k}-th visited, of {@code timesteps}.
     */
    abstract void coefficients(NoiseSchedule schedule, int[] timesteps, int k, double[] out);

    /** {@code n} samples with {@code context.random("sample")}, its pool, listener and cancellation. */
    public DiffusionSamples sample(NoiseSchedule schedule, Denoiser denoiser, int n, RunContext context) {
        return sample(schedule, denoiser, n, context, -1);
    }

    /**
     * {@code n} samples with {@code context.random("sample")}, recording the trajectory of
     * sample {@code traceRow} ({@code -1} for none).
     */
    public DiffusionSamples sample(NoiseSchedule schedule, Denoiser denoiser, int n, RunContext context,
            int traceRow) {
        return run(schedule, denoiser, null, n, context.random("sample"), context.pool(), traceRow,
                context.listener(), context::checkCancelled);
    }

    /**
     * {@code n} samples from {@code x_T ~ N(0, I)}, reproducible for a given stream.
     *
     * @param pool     worker threads, or null for the calling thread
     * @param traceRow the sample whose trajectory to record, or -1
     */
    public DiffusionSamples sample(NoiseSchedule schedule, Denoiser denoiser, int n, SplittableRandom random,
            ForkJoinPool pool, int traceRow) {
        return run(schedule, denoiser, null, n, random, pool, traceRow, ProgressListener.NONE, () -> {
        });
    }

    /**
     * Runs the reverse process from given starting points {@code xT} ({@code n * dimension}
     * values, not modified); {@code random} drives only the step noises.
     */
    public DiffusionSamples denoise(NoiseSchedule schedule, Denoiser denoiser, double[] xT, int n,
            SplittableRandom random, ForkJoinPool pool, int traceRow) {
        if (xT.length != (long) n * denoiser.dimension()) {
            throw new IllegalArgumentException("x_T has " + xT.length + " values, expected " + n + " x "
                    + denoiser.dimension());
        }
        return run(schedule, denoiser, xT, n, random, pool, traceRow, ProgressListener.NONE, () -> {
        });
    }

    private DiffusionSamples run(NoiseSchedule schedule, Denoiser denoiser, double[] start, int n,
            SplittableRandom random, ForkJoinPool pool, int traceRow, ProgressListener listener,
            Runnable checkCancelled) {
        if (n < 0) {
            throw new IllegalArgumentException("the number of samples must be 0 or more, not " + n);
        }
        if (traceRow < -1 || traceRow >= Math.max(n, 1) || (n == 0 && traceRow != -1)) {
            throw new IllegalArgumentException("trace row " + traceRow + " is not one of the " + n + " samples");
        }
        int d = denoiser.dimension();
        int[] steps = timesteps(schedule);
        double[][] coefficients = new double[steps.length][4];
        for (int k = 0; k < steps.length; k++) {
            coefficients(schedule, steps, k, coefficients[k]);
        }
        Prediction type = denoiser.prediction();
        SplittableRandom[] streams = new SplittableRandom[n];
        for (int i = 0; i < n; i++) {
            streams[i] = random.split();
        }
        Piece[] pieces = new Piece[PIECES];
        for (int p = 0; p < PIECES; p++) {
            int from = Parallel.start(n, p, PIECES);
            int to = Parallel.start(n, p + 1, PIECES);
            pieces[p] = to > from ? new Piece(from, to, d, denoiser.duplicate()) : null;
        }
        Trajectory trajectory = traceRow < 0 ? null
                : new Trajectory(traceRow, steps.clone(), new double[steps.length + 1][], new double[steps.length][]);
        for (Piece piece : pieces) {
            if (piece != null) {
                piece.start(start, streams);
            }
        }
        listener.begin(describe(), steps.length);
        try {
            for (int k = 0; k < steps.length; k++) {
                checkCancelled.run();
                int kk = k;
                Parallel.forEach(pool, PIECES, p -> {
                    if (pieces[p] != null) {
                        pieces[p].step(schedule, type, steps[kk], coefficients[kk], streams, trajectory, kk);
                    }
                });
                listener.step(k + 1, Map.of("timestep", (double) steps[k]));
            }
        } finally {
            listener.end();
        }
        double[] values = new double[n * d];
        for (Piece piece : pieces) {
            if (piece != null) {
                System.arraycopy(piece.x, 0, values, piece.from * d, piece.x.length);
                if (trajectory != null && traceRow >= piece.from && traceRow < piece.to) {
                    trajectory.states()[steps.length] = row(piece.x, traceRow - piece.from, d);
                }
            }
        }
        return new DiffusionSamples(n, d, values, describe(), trajectory);
    }

    private static double[] row(double[] x, int r, int d) {
        double[] v = new double[d];
        System.arraycopy(x, r * d, v, 0, d);
        return v;
    }

    /** A fixed range of rows with its state, buffers and denoiser. */
    private static final class Piece {
        final int from;
        final int to;
        final int d;
        final Denoiser denoiser;
        final double[] x;
        final double[] out;
        final int[] t;

        Piece(int from, int to, int d, Denoiser denoiser) {
            this.from = from;
            this.to = to;
            this.d = d;
            this.denoiser = denoiser;
            this.x = new double[(to - from) * d];
            this.out = new double[x.length];
            this.t = new int[to - from];
        }

        void start(double[] given, SplittableRandom[] streams) {
            if (given != null) {
                System.arraycopy(given, from * d, x, 0, x.length);
                return;
            }
            for (int r = from; r < to; r++) {
                SplittableRandom random = streams[r];
                for (int j = (r - from) * d, k = 0; k < d; j++, k++) {
                    x[j] = random.nextGaussian();
                }
            }
        }

        void step(NoiseSchedule schedule, Prediction type, int timestep, double[] c, SplittableRandom[] streams,
                Trajectory trajectory, int k) {
            java.util.Arrays.fill(t, timestep);
            denoiser.predict(x, to - from, t, out);
            double a = schedule.sqrtAlphaBar(timestep);
            double s = schedule.sqrtOneMinusAlphaBar(timestep);
            double cx0 = c[0];
            double cxt = c[1];
            double ceps = c[2];
            double sd = c[3];
            int traced = trajectory == null ? -1 : trajectory.row() - from;
            if (traced >= 0 && traced < to - from) {
                trajectory.states()[k] = row(x, traced, d);
                double[] x0 = new double[d];
                for (int i = 0; i < d; i++) {
                    x0[i] = type.toX0(out[traced * d + i], x[traced * d + i], a, s);
                }
                trajectory.predictedX0()[k] = x0;
            }
            for (int r = 0; r < to - from; r++) {
                SplittableRandom random = streams[from + r];
                for (int j = r * d, e = 0; e < d; j++, e++) {
                    double xt = x[j];
                    double x0 = type.toX0(out[j], xt, a, s);
                    double eps = type.toEpsilon(out[j], xt, a, s);
                    double next = cx0 * x0 + cxt * xt + ceps * eps;
                    x[j] = sd > 0 ? next + sd * random.nextGaussian() : next;
                }
            }
        }
    }
}
