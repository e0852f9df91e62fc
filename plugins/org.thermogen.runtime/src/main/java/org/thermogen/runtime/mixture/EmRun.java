package org.thermogen.runtime.mixture;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import org.thermogen.runtime.compute.Backend;
import org.thermogen.runtime.compute.DenseKernels;
import java.util.function.IntConsumer;
import org.thermogen.runtime.run.Parallel;

/**
 * The state of one expectation-maximization run on fixed data: the current parameters, the
 * responsibilities, and per-piece partial sums, all allocated once; no pass allocates.
 * Rows are split into the fixed pieces of {@link Chunks}; each piece writes only its own
 * partial sums, which are then added in piece order.
 *
 * <p>The M-step follows scikit-learn's {@code _estimate_gaussian_parameters} exactly:
 * {@code n_k = sum_i r_ik + 10 eps}, {@code mu_k = sum_i r_ik x_i / n_k},
 * {@code pi_k = n_k / sum n}, covariances from deviations about the new means divided by
 * {@code n_k}, plus {@code reg_covar} on the diagonal (for spherical ones, the mean of the
 * diagonal variances plus {@code reg_covar}; the tied one pooled over components).
 */
final class EmRun {
    /** scikit-learn adds this to every n_k so that an empty component divides by no zero. */
    private static final double NK_FLOOR = 10 * Math.ulp(1.0);
    /**
     * Rows per block in the full and tied passes: each block is transposed so that the
     * innermost loops run along rows, long and free of dependency chains, which the JIT
     * compiles to vector instructions.
     */
    static final int BLOCK = 128;

    final Components p;
    final double[] resp;
    private final double[] x;
    private final int n;
    private final int d;
    private final int k;
    private final CovarianceType type;
    private final double reg;
    private final ForkJoinPool pool;
    /** The scatter matrices' sums run on the backend's kernels (SIMD where there are any). */
    private final DenseKernels kernels = Backend.kernels();
    private final int chunks;
    private final double[] chunkLl;
    private final double[][] chunkNk;
    private final double[][] chunkSum;
    private final double[][] chunkScatter;
    private final double[][] chunkU;
    private final double[][] chunkLp;
    /** Full and tied: per piece, a block of rows transposed, deviations, weighted deviations, work rows. */
    private final double[][] chunkXt;
    private final double[][] chunkUt;
    private final double[][] chunkWt;
    private final double[][] chunkRt;
    private final double[][] chunkY;
    private final boolean blocked;
    private final double[] nk;
    private final double[] sum;
    private final double[] scatter;
    /** Tied: the data's mean and scatter about it (of these rows, or given by {@link #maximizeFrom}). */
    private final double[] dataMean;
    private final double[] dataScatter;
    private final IntConsumer expectation = this::expectation;
    private final IntConsumer moments = this::momentsFromResponsibilities;
    private final IntConsumer deviations = this::deviations;

    EmRun(double[] x, int n, int d, int k, CovarianceType type, double reg, ForkJoinPool pool) {
        this.x = x;
        this.n = n;
        this.d = d;
        this.k = k;
        this.type = type;
        this.reg = reg;
        this.pool = pool;
        this.p = new Components(type, k, d);
        this.resp = new double[n * k];
        this.chunks = Chunks.count(n);
        this.chunkLl = new double[chunks];
        this.chunkNk = new double[chunks][k];
        this.chunkSum = new double[chunks][k * d];
        int scatterSize = switch (type) {
            case FULL -> k * (d * (d + 1) / 2);
            case DIAG, SPHERICAL -> k * d;
            case TIED -> 0;
        };
        this.chunkScatter = new double[chunks][scatterSize];
        this.chunkU = new double[chunks][2 * d];
        this.chunkLp = new double[chunks][k];
        this.blocked = type == CovarianceType.FULL || type == CovarianceType.TIED;
        int blockSize = blocked ? BLOCK : 0;
        this.chunkXt = new double[chunks][d * blockSize];
        this.chunkUt = new double[chunks][d * blockSize];
        this.chunkWt = new double[chunks][type == CovarianceType.FULL ? d * blockSize : 0];
        this.chunkRt = new double[chunks][k * blockSize];
        this.chunkY = new double[chunks][2 * blockSize];
        this.nk = new double[k];
        this.sum = new double[k * d];
        this.scatter = new double[scatterSize];
        if (type == CovarianceType.TIED) {
            // Pooled over components, sum_k sum_i r_ik (x_i - mu_k)(x_i - mu_k)' equals the data's
            // scatter about its mean minus sum_k n_k (mu_k - m)(mu_k - m)': the data's part is fixed.
            dataMean = new double[d];
            dataScatter = new double[d * d];
            if (n > 0) {
                org.ejml.data.DMatrixRMaj cov = new org.ejml.data.DMatrixRMaj(d, d);
                org.thermogen.runtime.gaussian.Gaussian.moments(x, n, d, dataMean, cov);
                for (int i = 0; i < d * d; i++) {
                    dataScatter[i] = cov.data[i] * n;
                }
            }
        } else {
            dataMean = null;
            dataScatter = null;
        }
    }

    /** Starts from given parameters. */
    void start(GaussianMixture start) {
        p.copyFrom(start.parameters());
        refresh();
    }

    /** Starts from hard assignments: the M-step of responsibilities one-hot at {@code labels}. */
    void start(int[] labels) {
        Arrays.fill(resp, 0.0);
        for (int i = 0; i < n; i++) {
            resp[i * k + labels[i]] = 1.0;
        }
        Parallel.forEach(pool, chunks, moments);
        reduceMoments();
        maximization();
    }

    /**
     * Responsibilities under the current parameters, with the sums the M-step needs.
     *
     * @return the mean log-likelihood per row under the current parameters
     */
    double expectationStep() {
        Parallel.forEach(pool, chunks, expectation);
        reduceMoments();
        double total = 0;
        for (int c = 0; c < chunks; c++) {
            total += chunkLl[c];
        }
        return total / n;
    }

    /** New parameters from the responsibilities of the last {@link #expectationStep()}. */
    void maximization() {
        double total = meansAndWeights();
        if (type == CovarianceType.TIED) {
            tiedCovariance(total);
        } else {
            reduceScatter();
            covariances();
        }
        refresh();
    }

    /** {@code n_k} (plus the floor), the weights and the means from the E-step's sums; returns {@code sum n_k}. */
    private double meansAndWeights() {
        double total = 0;
        for (int c = 0; c < k; c++) {
            nk[c] += NK_FLOOR;
            total += nk[c];
        }
        for (int c = 0; c < k; c++) {
            p.weights[c] = nk[c] / total;
            for (int j = 0; j < d; j++) {
                p.means[c * d + j] = sum[c * d + j] / nk[c];
            }
        }
        return total;
    }

    /** The deviations pass about {@code p.means} with the last E-step's responsibilities, summed into {@link #scatter}. */
    private void reduceScatter() {
        Parallel.forEach(pool, chunks, deviations);
        Arrays.fill(scatter, 0.0);
        for (int ch = 0; ch < chunks; ch++) {
            double[] s = chunkScatter[ch];
            for (int i = 0; i < scatter.length; i++) {
                scatter[i] += s[i];
            }
        }
    }

    // ------------------------------------------------------------------ sums added up elsewhere

    /** The last E-step's log-likelihood summed over these rows. */
    double logLikelihoodSum() {
        double total = 0;
        for (int c = 0; c < chunks; c++) {
            total += chunkLl[c];
        }
        return total;
    }

    /** The last E-step's {@code n_k} over these rows (no floor yet). */
    double[] componentCounts() {
        return nk;
    }

    /** The last E-step's {@code sum_i r_ik x_i} over these rows. */
    double[] weightedSums() {
        return sum;
    }

    /**
     * The responsibility-weighted scatter of these rows about {@code means} (the next M-step's),
     * with the responsibilities of the last E-step: what {@link #maximization} computes, for sums
     * over other rows to be added to. The run's means become {@code means}.
     */
    double[] scatterAbout(double[] means) {
        System.arraycopy(means, 0, p.means, 0, p.means.length);
        reduceScatter();
        return scatter;
    }

    /**
     * The M-step from sums over every row, added up elsewhere: {@code n_k} and
     * {@code sum_i r_ik x_i} of the E-step, the scatter about the new means (not tied), or the
     * data's mean and scatter (tied). The same formulas as {@link #maximization}.
     */
    void maximizeFrom(double[] counts, double[] sums, double[] scatterAll, double[] mean, double[] meanScatter) {
        System.arraycopy(counts, 0, nk, 0, k);
        System.arraycopy(sums, 0, sum, 0, sum.length);
        double total = meansAndWeights();
        if (type == CovarianceType.TIED) {
            System.arraycopy(mean, 0, dataMean, 0, d);
            System.arraycopy(meanScatter, 0, dataScatter, 0, d * d);
            tiedCovariance(total);
        } else {
            System.arraycopy(scatterAll, 0, scatter, 0, scatter.length);
            covariances();
        }
        refresh();
    }

    private void refresh() {
        int bad = p.refresh();
        if (bad >= 0) {
            throw new IllegalArgumentException("fitting the mixture failed: " + (type == CovarianceType.TIED
                    ? "the tied covariance" : "the covariance of component " + bad)
                    + " is not positive definite (a component collapsed onto too few distinct rows); use fewer"
                    + " components or a larger reg_covar");
        }
    }

    private void covariances() {
        switch (type) {
            case FULL -> {
                int dd = d * d;
                int t = 0;
                for (int c = 0; c < k; c++) {
                    int o = c * dd;
                    for (int a = 0; a < d; a++) {
                        for (int b = 0; b <= a; b++) {
                            double v = scatter[t++] / nk[c];
                            p.covariances[o + a * d + b] = v;
                            p.covariances[o + b * d + a] = v;
                        }
                        p.covariances[o + a * d + a] += reg;
                    }
                }
            }
            case DIAG -> {
                for (int c = 0; c < k; c++) {
                    for (int j = 0; j < d; j++) {
                        p.covariances[c * d + j] = scatter[c * d + j] / nk[c] + reg;
                    }
                }
            }
            case SPHERICAL -> {
                for (int c = 0; c < k; c++) {
                    double v = 0;
                    for (int j = 0; j < d; j++) {
                        v += scatter[c * d + j] / nk[c] + reg;
                    }
                    p.covariances[c] = v / d;
                }
            }
            case TIED -> throw new IllegalStateException("tied covariances are pooled elsewhere");
        }
    }

    private void tiedCovariance(double total) {
        double[] s = p.covariances;
        System.arraycopy(dataScatter, 0, s, 0, d * d);
        for (int c = 0; c < k; c++) {
            for (int a = 0; a < d; a++) {
                double ua = p.means[c * d + a] - dataMean[a];
                for (int b = 0; b < d; b++) {
                    s[a * d + b] -= nk[c] * ua * (p.means[c * d + b] - dataMean[b]);
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < a; b++) {
                double v = 0.5 * (s[a * d + b] + s[b * d + a]) / total;
                s[a * d + b] = v;
                s[b * d + a] = v;
            }
            s[a * d + a] = s[a * d + a] / total + reg;
        }
    }

    private void reduceMoments() {
        Arrays.fill(nk, 0.0);
        Arrays.fill(sum, 0.0);
        for (int ch = 0; ch < chunks; ch++) {
            double[] a = chunkNk[ch];
            double[] b = chunkSum[ch];
            for (int c = 0; c < k; c++) {
                nk[c] += a[c];
            }
            for (int i = 0; i < sum.length; i++) {
                sum[i] += b[i];
            }
        }
    }

    private void expectation(int chunk) {
        if (blocked) {
            expectationBlocked(chunk);
            return;
        }
        double[] u = chunkU[chunk];
        double[] lp = chunkLp[chunk];
        double[] nkc = chunkNk[chunk];
        double[] sc = chunkSum[chunk];
        Arrays.fill(nkc, 0.0);
        Arrays.fill(sc, 0.0);
        double ll = 0;
        for (int i = Chunks.start(chunk), end = Chunks.end(chunk, n); i < end; i++) {
            int xo = i * d;
            ll += p.posterior(x, xo, u, lp);
            int ro = i * k;
            for (int c = 0; c < k; c++) {
                double r = lp[c];
                resp[ro + c] = r;
                nkc[c] += r;
                int so = c * d;
                for (int j = 0; j < d; j++) {
                    sc[so + j] += r * x[xo + j];
                }
            }
        }
        chunkLl[chunk] = ll;
    }

    /**
     * The E-step of full and tied covariances, a block of rows at a time: per component the
     * deviations {@code U = X - mu} (d x rows), {@code Y = L^-1 U} one row of {@code Y} at a
     * time, the Mahalanobis distances {@code sum_i Y_i^2}; then per row the posterior; then
     * {@code n_k} and {@code sum_i r_ik x_i} as dot products along the block.
     */
    private void expectationBlocked(int chunk) {
        double[] xt = chunkXt[chunk];
        double[] ut = chunkUt[chunk];
        double[] rt = chunkRt[chunk];
        double[] yq = chunkY[chunk];
        double[] nkc = chunkNk[chunk];
        double[] sc = chunkSum[chunk];
        Arrays.fill(nkc, 0.0);
        Arrays.fill(sc, 0.0);
        double[] linv = p.lowerInverse;
        double[] mu = p.means;
        double[] offsets = p.offsets;
        int dd = d * d;
        boolean full = type == CovarianceType.FULL;
        double ll = 0;
        for (int b0 = Chunks.start(chunk), end = Chunks.end(chunk, n); b0 < end; b0 += BLOCK) {
            int bn = Math.min(BLOCK, end - b0);
            transpose(b0, bn, xt);
            for (int c = 0; c < k; c++) {
                deviations(xt, mu, c * d, bn, ut);
                int base = full ? c * dd : 0;
                // yq[0, BLOCK) holds a row of Y, yq[BLOCK, 2 BLOCK) the distances.
                Arrays.fill(yq, BLOCK, BLOCK + bn, 0.0);
                for (int i = 0; i < d; i++) {
                    int li = base + i * d;
                    double l0 = linv[li];
                    for (int r = 0; r < bn; r++) {
                        yq[r] = l0 * ut[r];
                    }
                    for (int j = 1; j <= i; j++) {
                        double l = linv[li + j];
                        int jo = j * BLOCK;
                        for (int r = 0; r < bn; r++) {
                            yq[r] += l * ut[jo + r];
                        }
                    }
                    for (int r = 0; r < bn; r++) {
                        yq[BLOCK + r] += yq[r] * yq[r];
                    }
                }
                double off = offsets[c];
                int co = c * BLOCK;
                for (int r = 0; r < bn; r++) {
                    rt[co + r] = off - 0.5 * yq[BLOCK + r];
                }
            }
            for (int r = 0; r < bn; r++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    max = Math.max(max, rt[c * BLOCK + r]);
                }
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    double e = Math.exp(rt[c * BLOCK + r] - max);
                    rt[c * BLOCK + r] = e;
                    sum += e;
                }
                double inv = 1 / sum;
                int ro = (b0 + r) * k;
                for (int c = 0; c < k; c++) {
                    double q = rt[c * BLOCK + r] * inv;
                    rt[c * BLOCK + r] = q;
                    resp[ro + c] = q;
                }
                ll += max + Math.log(sum);
            }
            for (int c = 0; c < k; c++) {
                int co = c * BLOCK;
                double t = 0;
                for (int r = 0; r < bn; r++) {
                    t += rt[co + r];
                }
                nkc[c] += t;
                for (int j = 0; j < d; j++) {
                    sc[c * d + j] += DenseKernels.dot(rt, co, xt, j * BLOCK, bn);
                }
            }
        }
        chunkLl[chunk] = ll;
    }

    /** Rows {@code b0 .. b0+bn-1} of the data into {@code xt}, column j at {@code j * BLOCK}. */
    private void transpose(int b0, int bn, double[] xt) {
        for (int r = 0; r < bn; r++) {
            int xo = (b0 + r) * d;
            for (int j = 0; j < d; j++) {
                xt[j * BLOCK + r] = x[xo + j];
            }
        }
    }

    /** {@code ut = xt - mu} for the mean at {@code m}. */
    private void deviations(double[] xt, double[] mu, int m, int bn, double[] ut) {
        for (int j = 0; j < d; j++) {
            double mj = mu[m + j];
            int jo = j * BLOCK;
            for (int r = 0; r < bn; r++) {
                ut[jo + r] = xt[jo + r] - mj;
            }
        }
    }

    /**
     * Full covariances: {@code sum_i r_ik u_i u_i'} a block at a time, each entry of the lower
     * triangle a dot product along the block of {@code r u_a} and {@code u_b}.
     */
    private void fullDeviations(int chunk) {
        double[] s = chunkScatter[chunk];
        double[] xt = chunkXt[chunk];
        double[] ut = chunkUt[chunk];
        double[] wt = chunkWt[chunk];
        double[] rt = chunkRt[chunk];
        Arrays.fill(s, 0.0);
        int tri = d * (d + 1) / 2;
        for (int b0 = Chunks.start(chunk), end = Chunks.end(chunk, n); b0 < end; b0 += BLOCK) {
            int bn = Math.min(BLOCK, end - b0);
            transpose(b0, bn, xt);
            for (int r = 0; r < bn; r++) {
                int ro = (b0 + r) * k;
                for (int c = 0; c < k; c++) {
                    rt[c * BLOCK + r] = resp[ro + c];
                }
            }
            for (int c = 0; c < k; c++) {
                deviations(xt, p.means, c * d, bn, ut);
                int co = c * BLOCK;
                for (int j = 0; j < d; j++) {
                    int jo = j * BLOCK;
                    for (int r = 0; r < bn; r++) {
                        wt[jo + r] = rt[co + r] * ut[jo + r];
                    }
                }
                kernels.addLowerProducts(d, bn, wt, ut, BLOCK, s, c * tri);
            }
        }
    }

    private void momentsFromResponsibilities(int chunk) {
        double[] nkc = chunkNk[chunk];
        double[] sc = chunkSum[chunk];
        Arrays.fill(nkc, 0.0);
        Arrays.fill(sc, 0.0);
        for (int i = Chunks.start(chunk), end = Chunks.end(chunk, n); i < end; i++) {
            int xo = i * d;
            for (int c = 0; c < k; c++) {
                double r = resp[i * k + c];
                nkc[c] += r;
                for (int j = 0; j < d; j++) {
                    sc[c * d + j] += r * x[xo + j];
                }
            }
        }
    }

    /**
     * Responsibility-weighted squared deviations about the new means: lower triangles packed
     * row by row (full) or diagonals.
     */
    private void deviations(int chunk) {
        if (type == CovarianceType.FULL) {
            fullDeviations(chunk);
            return;
        }
        double[] s = chunkScatter[chunk];
        double[] u = chunkU[chunk];
        Arrays.fill(s, 0.0);
        double[] mu = p.means;
        boolean full = type == CovarianceType.FULL;
        int tri = d * (d + 1) / 2;
        for (int i = Chunks.start(chunk), end = Chunks.end(chunk, n); i < end; i++) {
            int xo = i * d;
            for (int c = 0; c < k; c++) {
                double r = resp[i * k + c];
                if (r == 0.0) {
                    continue;
                }
                int m = c * d;
                for (int j = 0; j < d; j++) {
                    u[j] = x[xo + j] - mu[m + j];
                }
                if (full) {
                    int t = c * tri;
                    for (int a = 0; a < d; a++) {
                        double ra = r * u[a];
                        for (int b = 0; b <= a; b++) {
                            s[t + b] += ra * u[b];
                        }
                        t += a + 1;
                    }
                } else {
                    for (int j = 0; j < d; j++) {
                        s[m + j] += r * u[j] * u[j];
                    }
                }
            }
        }
    }
}
