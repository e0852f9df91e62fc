package org.thermogen.runtime.rbm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.run.TrainingState;
import org.thermogen.runtime.train.DivergenceException;
import org.thermogen.runtime.train.MetricsHistory;

/**
 * The per-epoch figures of contrastive-divergence training: the negative mean
 * pseudo-log-likelihood (the loss; not for real visibles) and the reconstruction error on
 * fixed training rows. With worker threads an epoch's figures are computed on a worker from
 * a copy of the parameters while the next epoch trains, and recorded (history row, listener
 * {@code step} and {@code snapshot}) in epoch order; the figures depend only on the
 * parameters, so they are the same with any number of threads.
 */
final class Monitor {
    private final ModelSpec spec;
    private final double[] rows;
    private final int count;
    private final boolean real;
    private final MetricsHistory history;
    private final RunContext context;
    /** The reconstruction in float32, for binary units trained in float32; null for float64. */
    private final Float32Cd fast;

    /** An epoch's figures, being computed. */
    static final class Pending {
        /** Where the run stood after the epoch, reported once its figures are in the history. */
        final TrainingState state;
        private final ForkJoinTask<double[]> task;
        private double[] result;

        Pending(TrainingState state, ForkJoinTask<double[]> task, double[] result) {
            this.state = state;
            this.task = task;
            this.result = result;
        }

        double[] join() {
            if (result == null) {
                result = task.join();
            }
            return result;
        }

        void cancel() {
            if (task != null) {
                task.cancel(true);
            }
        }
    }

    /**
     * @param float32 whether the reconstruction is computed in float32 on the dense kernels (binary
     *                units trained in float32: a fifth of the float64 time on the digits)
     */
    Monitor(ModelSpec spec, double[] rows, int count, boolean real, MetricsHistory history, RunContext context,
            boolean float32, int nv, int nh) {
        this.fast = float32 ? new Float32Cd(Math.min(count, RECONSTRUCTION_ROWS), 0, nv, nh) : null;
        this.spec = spec;
        this.rows = rows;
        this.count = count;
        this.real = real;
        this.history = history;
        this.context = context;
    }

    /** Rows of a float32 reconstruction at a time. */
    private static final int RECONSTRUCTION_ROWS = 100;

    /**
     * {@code [negative mean pseudo-log-likelihood (NaN for real visibles), reconstruction error]}.
     * Calls come one at a time ({@link #record} waits for one before the next starts).
     */
    double[] figures(BipartiteEnergy eta, ForkJoinPool pool) {
        double pl = real ? Double.NaN : -RbmMetrics.pseudoLogLikelihood(eta, rows, count, pool);
        double re;
        if (fast != null) {
            fast.weights(eta);
            re = fast.reconstructionError(rows, count);
        } else {
            re = RbmMetrics.reconstructionError(eta, rows, count, pool);
        }
        return new double[] {pl, re};
    }

    /**
     * Starts measuring the epoch {@code state} ends, from a copy of {@code eta} (the couplings
     * of {@code state.theta()}, which the caller no longer changes): on one worker of the
     * context's pool (the training thread keeps the other core), or at once without a pool.
     */
    Pending start(BipartiteEnergy eta, TrainingState state) {
        ForkJoinPool pool = context.pool();
        if (pool == null) {
            return new Pending(state, null, figures(eta, null));
        }
        BipartiteEnergy copy = eta.copy();
        return new Pending(state, pool.submit(() -> figures(copy, null)), null);
    }

    /**
     * Waits for an epoch's figures, checks them, adds the history row and tells the listener
     * (the state the run stood in after the epoch, then the figures, then the parameters).
     *
     * @throws DivergenceException if a figure is not finite
     */
    double[] record(Pending p) {
        double[] f = p.join();
        if (!Double.isFinite(f[1]) || !real && !Double.isFinite(f[0])) {
            throw new DivergenceException("training diverged at epoch " + p.state.epoch() + " of " + spec.name() + "; lower lr");
        }
        tell(p.state, f);
        return f;
    }

    /** The history row of the epoch {@code state} ends, then the listener: the state, the figures, the parameters. */
    private void tell(TrainingState state, double[] figures) {
        history.add(row(state.epoch(), figures, real));
        context.listener().state(state);
        context.listener().step(state.epoch(), metrics(figures, real));
        context.listener().snapshot(state.epoch(), state.theta());
    }

    /**
     * An epoch without figures ({@code monitor_every}): its history row holds NaN, and the
     * listener hears the state, the NaN figures and the parameters, in the order of
     * {@link #record}.
     */
    void skip(TrainingState state) {
        tell(state, new double[] {Double.NaN, Double.NaN});
    }

    /** The figures as the listener hears them, the loss first. */
    static Map<String, Double> metrics(double[] f, boolean real) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (!real) {
            metrics.put("neg_log_pseudo_likelihood", f[0]);
        }
        metrics.put("reconstruction_error", f[1]);
        return metrics;
    }

    static double[] row(int epoch, double[] figures, boolean real) {
        return real ? new double[] {epoch, figures[1]} : new double[] {epoch, figures[0], figures[1]};
    }
}
