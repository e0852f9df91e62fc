package org.thermogen.runtime.mcmc;

import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.exact.Enumeration;

/**
 * The moments of a Boltzmann machine estimated from recorded states, row by row: the means
 * {@code <s_k>}, the second moments {@code <s_k s_l>}, and the product of their covariance
 * with a direction, which moment matching's {@code lr auto} needs. Persistent Gibbs chains
 * and replica exchange, as expectations, both record states and read them here.
 */
final class RecordedMoments {
    private final int n;
    private final double[] mean;
    private final double[] second;

    private RecordedMoments(int n, double[] mean, double[] second) {
        this.n = n;
        this.mean = mean;
        this.second = second;
    }

    /** The moments of the first {@code rows} states of {@code n} units in {@code states}. */
    static RecordedMoments of(double[] states, int rows, int n) {
        double[] mean = new double[n];
        double[] second = new double[n * n];
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            for (int k = 0; k < n; k++) {
                double sk = states[o + k];
                mean[k] += sk;
                for (int l = k; l < n; l++) {
                    second[k * n + l] += sk * states[o + l];
                }
            }
        }
        for (int k = 0; k < n; k++) {
            mean[k] /= rows;
            for (int l = k; l < n; l++) {
                double v = second[k * n + l] / rows;
                second[k * n + l] = v;
                second[l * n + k] = v;
            }
        }
        return new RecordedMoments(n, mean, second);
    }

    /** The moments as the trainer takes them (no log partition). */
    Enumeration.Moments moments() {
        return new Enumeration.Moments(Double.NaN, mean.clone(), second.clone());
    }

    /**
     * {@code out = E[phi u] - E[phi] E[u]} over the same {@code rows} states, with
     * {@code u = phi . v}: the covariance of the features {@code phi = (s_k, s_k s_l)} times the
     * natural-parameter direction {@code v}.
     */
    void covarianceProduct(double[] states, int rows, PairwiseEnergy v, PairwiseEnergy out) {
        double[] tm1 = new double[n];
        double[] tm2 = new double[n * n];
        double tMean = 0;
        double[] w = v.couplings();
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            double t = 0;
            for (int k = 0; k < n; k++) {
                double row = v.bias(k);
                for (int l = k + 1; l < n; l++) {
                    row += w[k * n + l] * states[o + l];
                }
                t += states[o + k] * row;
            }
            tMean += t;
            for (int k = 0; k < n; k++) {
                double tsk = t * states[o + k];
                tm1[k] += tsk;
                for (int l = k + 1; l < n; l++) {
                    tm2[k * n + l] += tsk * states[o + l];
                }
            }
        }
        tMean /= rows;
        out.clear();
        for (int k = 0; k < n; k++) {
            out.setBias(k, tm1[k] / rows - mean[k] * tMean);
            for (int l = k + 1; l < n; l++) {
                out.setPair(k, l, tm2[k * n + l] / rows - second[k * n + l] * tMean);
            }
        }
    }
}
