package org.thermogen.runtime.rbm;

import java.util.concurrent.ForkJoinPool;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.run.Parallel;

/**
 * Exact per-row figures of an RBM averaged over rows of visible units: free energy,
 * pseudo-log-likelihood and mean-field reconstruction error. Rows are split into a fixed
 * number of pieces (a function of the row count only) summed in parallel and combined in
 * order, so results are bit-identical for any number of threads.
 */
public final class RbmMetrics {
    /** Rows are summed in at most this many pieces. */
    static final int PIECES = 16;

    private RbmMetrics() {
    }

    /**
     * The mean over rows of {@code sum_i ln q(v_i | v_-i)}, in nats: exact, by free-energy
     * differences (see {@link PseudoLikelihoodKernel}).
     *
     * @param rows {@code count x nv} visible states, row-major
     * @throws IllegalArgumentException for real visibles, whose conditionals have no closed form
     */
    public static double pseudoLogLikelihood(BipartiteEnergy e, double[] rows, int count, ForkJoinPool pool) {
        checkRows(e, rows, count);
        PseudoLikelihoodKernel shared = new PseudoLikelihoodKernel(e);
        int nv = e.visibleSize();
        return meanOverPieces(count, pool, () -> {
            PseudoLikelihoodKernel k = shared.twin();
            return (from, to) -> {
                double s = 0;
                for (int r = from; r < to; r++) {
                    s += k.rowSum(rows, r * nv);
                }
                return s;
            };
        });
    }

    /**
     * The mean over rows of the free energy {@code F(v) = -ln sum_h exp(-E(v, h))}, so that
     * the mean log-likelihood is {@code -meanFreeEnergy - ln Z}.
     */
    public static double meanFreeEnergy(BipartiteEnergy e, double[] rows, int count, ForkJoinPool pool) {
        checkRows(e, rows, count);
        int nv = e.visibleSize();
        int nh = e.hiddenSize();
        double[] w = e.weights();
        double[] a = e.quadratics();
        double[] b = e.visibleBiases();
        double[] c = e.hiddenBiases();
        boolean spinHidden = e.hiddenDomain() == Domain.SPIN;
        return meanOverPieces(count, pool, () -> {
            double[] x = new double[nh];
            return (from, to) -> {
                double s = 0;
                for (int r = from; r < to; r++) {
                    int o = r * nv;
                    double f = e.constant();
                    System.arraycopy(c, 0, x, 0, nh);
                    for (int i = 0; i < nv; i++) {
                        double vi = rows[o + i];
                        f += a[i] * vi * vi - b[i] * vi;
                        if (vi != 0.0) {
                            int row = i * nh;
                            for (int j = 0; j < nh; j++) {
                                x[j] += vi * w[row + j];
                            }
                        }
                    }
                    for (int j = 0; j < nh; j++) {
                        f -= spinHidden ? PseudoLikelihoodKernel.logTwoCosh(x[j]) : PseudoLikelihoodKernel.softplus(x[j]);
                    }
                    s += f;
                }
                return s;
            };
        });
    }

    /**
     * The mean squared error per unit between each row {@code v} and its mean-field
     * reconstruction {@code E[v | h = E[h | v]]}: hidden means {@code sigmoid(x)} or
     * {@code tanh(x)}, then visible means {@code sigmoid(y)}, {@code tanh(y)} or
     * {@code y / (2 a)} of the fields {@code y = b + W E[h | v]}.
     *
     * @throws IllegalArgumentException for real visibles without a positive quadratic term
     */
    public static double reconstructionError(BipartiteEnergy e, double[] rows, int count, ForkJoinPool pool) {
        checkRows(e, rows, count);
        RbmModel.checkQuadratics(e, null);
        Weights weights = new Weights(e);
        int nv = e.visibleSize();
        int nh = e.hiddenSize();
        int most = (count + PIECES - 1) / PIECES;
        double total = meanOverPieces(count, pool, () -> {
            double[][] v = new double[most][nv];
            double[][] x = new double[most][nh];
            double[][] hm = new double[most][nh];
            double[][] y = new double[most][nv];
            double[][] vm = new double[most][nv];
            return (from, to) -> {
                int n = to - from;
                for (int r = 0; r < n; r++) {
                    System.arraycopy(rows, (from + r) * nv, v[r], 0, nv);
                }
                Layers.product(v, n, weights.w, e.hiddenBiases(), x);
                Layers.means(e.hiddenDomain(), x, n, null, hm);
                Layers.product(hm, n, weights.wt, e.visibleBiases(), y);
                Layers.means(e.visibleDomain(), y, n, e.quadratics(), vm);
                double s = 0;
                for (int r = 0; r < n; r++) {
                    for (int i = 0; i < nv; i++) {
                        double d = v[r][i] - vm[r][i];
                        s += d * d;
                    }
                }
                return s;
            };
        });
        return total / nv;
    }

    /** Work on a range of rows, returning its sum. */
    interface RangeSum {
        double sum(int from, int to);
    }

    /** Makes a {@link RangeSum} with its own scratch space, one per piece. */
    interface RangeSumFactory {
        RangeSum create();
    }

    /** Sums row ranges in a fixed number of pieces, combined in order, divided by {@code count}. */
    static double meanOverPieces(int count, ForkJoinPool pool, RangeSumFactory factory) {
        if (count == 0) {
            return Double.NaN;
        }
        int pieces = Math.min(count, PIECES);
        double[] partial = new double[pieces];
        Parallel.forRanges(pool, count, pieces, (p, from, to) -> partial[p] = factory.create().sum(from, to));
        double total = 0;
        for (double s : partial) {
            total += s;
        }
        return total / count;
    }

    private static void checkRows(BipartiteEnergy e, double[] rows, int count) {
        if (rows.length < (long) count * e.visibleSize()) {
            throw new IllegalArgumentException(count + " rows of " + e.visibleSize() + " visible units need "
                    + (long) count * e.visibleSize() + " values, got " + rows.length);
        }
    }
}
