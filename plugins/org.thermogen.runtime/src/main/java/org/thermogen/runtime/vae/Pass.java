package org.thermogen.runtime.vae;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.thermogen.runtime.compute.Backend;
import org.thermogen.runtime.compute.DenseKernels;
import org.thermogen.runtime.nn.Mlp;
import org.thermogen.runtime.nn.Workspace;

/**
 * The work buffers of one piece of a batch (up to {@link #capacity} rows): data, noise,
 * latents, network workspaces and a private gradient. One pass through a VAE for fixed
 * noise {@code eps}, allocation-free after construction.
 *
 * <p>The per-row value is the one-sample ELBO estimate, with {@code z_l = mu_l + sigma_l eps_l}:
 * <pre>
 * log p(x | z1) + sum_{l < L} [log p(z_l | z_{l+1}) - log q(z_l | z_{l-1})] - KL(q(zL | z_{L-1}) || N(0, I))
 * </pre>
 * (analytic top) or, with the last term replaced by {@code log N(zL; 0, I) - log q(zL | z_{L-1})},
 * the log importance weight {@code log p(x, z) - log q(z | x)} whose mean is the same ELBO.
 * For L = 2 these are the corrected terms of notes 04 C.2: {@code J2 = -E_q(z1|x)[KL(q(z2|z1) || p(z2))]}
 * and {@code J3 = E_q(z1|x) q(z2|z1)[log p(z1|z2) - log q(z1|x)]}; the log q terms are written
 * through the noise, {@code log q(z_l) = -1/2 sum (log 2 pi + logvar + eps^2)}.
 */
final class Pass {
    final Vae vae;
    final int capacity;
    final int depth;
    final int[] size;
    final Workspace[] enc;
    final Workspace[] dec;
    final double[] x;
    final double[][] eps;
    final double[][] z;
    private final double[][] dz;
    private final double[][] dEnc;
    private final double[][] dDec;
    private final double[] tmp;
    /** The zero log-variance of unit-variance decoders, and where its unused gradient goes. */
    private final double[] zeros;
    private final double[] scratch;
    /** Per level: {@code p(z_{l-1} | z_l)} has unit variance (asked of the spec once, not per row). */
    private final boolean[] unitVariance;
    /**
     * Per level: {@code log v} of an encoder of fixed variance {@code v}, NaN for one with heads.
     * Such an encoder's means are laid out in {@link #encoded} as heads would be, beside the
     * constant log-variance, so every formula reads one layout.
     */
    private final double[] fixedLogVariance;
    private final double[][] encoded;
    private final double[][] dMeans;
    /** The likelihood's layout, {@code [mu D, logvar D]} per row, for a likelihood with its own log-variance. */
    private final double[] observed;
    private final double[] dObserved;
    final double[] value;
    /** Per row of the last forward pass: {@code log p(x | z1)}, the first term of {@link #value}. */
    final double[] reconstruction;
    /**
     * Per level and row: what level {@code l} takes from {@link #value}, {@code log q(z_l | .)
     * - log p(z_l | z_{l+1})} at the draw (a one-draw KL estimate), the top one the analytic KL
     * to N(0, I) when asked. {@code value = reconstruction - sum_l levelKl}.
     */
    final double[][] levelKl;
    final double[] grad;
    /** The likelihood's buffers: what its batched log-likelihood leaves for the gradient. */
    private final Likelihood.Block likelihoodBlock;
    private final DenseKernels kernels = Backend.kernels();
    private int rows = -1;
    private boolean analytic;

    Pass(Vae vae, int capacity) {
        this.vae = vae;
        this.capacity = capacity;
        VaeSpec spec = vae.spec();
        this.depth = spec.depth();
        this.size = new int[depth + 1];
        for (int l = 0; l <= depth; l++) {
            size[l] = spec.latentSize(l);
        }
        enc = new Workspace[depth + 1];
        dec = new Workspace[depth + 1];
        eps = new double[depth + 1][];
        z = new double[depth + 1][];
        dz = new double[depth + 1][];
        dEnc = new double[depth + 1][];
        dDec = new double[depth + 1][];
        int maxLatent = 0;
        unitVariance = new boolean[depth + 1];
        fixedLogVariance = new double[depth + 1];
        encoded = new double[depth + 1][];
        dMeans = new double[depth + 1][];
        for (int l = 1; l <= depth; l++) {
            unitVariance[l] = spec.unitVariance(l);
            fixedLogVariance[l] = Math.log(spec.encoderVariance(l));
            if (!Double.isNaN(fixedLogVariance[l])) {
                encoded[l] = new double[capacity * 2 * spec.latentSize(l)];
                dMeans[l] = new double[capacity * spec.latentSize(l)];
            }
            enc[l] = vae.encoder(l).workspace(capacity);
            dec[l] = vae.decoder(l).workspace(capacity);
            eps[l] = new double[capacity * size[l]];
            z[l] = new double[capacity * size[l]];
            dz[l] = new double[capacity * size[l]];
            dEnc[l] = new double[capacity * 2 * size[l]];
            dDec[l] = new double[capacity * vae.decoder(l).spec().outputSize()];
            maxLatent = Math.max(maxLatent, size[l]);
        }
        x = new double[capacity * size[0]];
        boolean own = vae.likelihoodOffset() >= 0;
        observed = own ? new double[capacity * 2 * size[0]] : null;
        dObserved = own ? new double[capacity * 2 * size[0]] : null;
        tmp = new double[capacity * maxLatent];
        zeros = new double[maxLatent];
        scratch = new double[maxLatent];
        value = new double[capacity];
        reconstruction = new double[capacity];
        levelKl = new double[depth + 1][capacity];
        grad = new double[vae.paramCount()];
        likelihoodBlock = spec.likelihood().block(capacity, size[0]);
    }

    /** Standard normal noise for every latent of the first {@code rows} rows. */
    void drawNoise(SplittableRandom random, int rows) {
        for (int l = 1; l <= depth; l++) {
            double[] e = eps[l];
            for (int i = 0, n = rows * size[l]; i < n; i++) {
                e[i] = random.nextGaussian();
            }
        }
    }

    /**
     * Each row's noise from its own stream ({@link RowNoise}): row {@code r} of this pass is
     * row {@code positions[r]} of the batch of {@code batchSeed}, draw {@code sample}; levels in
     * order, units in order.
     */
    void drawRowNoise(RowNoise noise, long batchSeed, int[] positions, int rows, int sample) {
        for (int r = 0; r < rows; r++) {
            noise.reset(batchSeed, positions[r], sample);
            for (int l = 1; l <= depth; l++) {
                double[] e = eps[l];
                for (int i = size[l] * r, end = size[l] * (r + 1); i < end; i++) {
                    e[i] = noise.nextGaussian();
                }
            }
        }
    }

    /** Encodes x, draws the latents from the noise, decodes, and fills {@link #value}. */
    void forward(double[] theta, int rows, boolean analyticTop) {
        if (rows > capacity) {
            throw new IllegalArgumentException(rows + " rows do not fit a pass of " + capacity);
        }
        this.rows = rows;
        this.analytic = analyticTop;
        double[] in = x;
        for (int l = 1; l <= depth; l++) {
            vae.encoder(l).forward(theta, in, rows, enc[l]);
            fillEncoded(l);
            double[] o = encoded(l);
            int h = size[l];
            for (int r = 0; r < rows; r++) {
                DiagonalGaussian.reparameterize(o, 2 * h * r, o, 2 * h * r + h, eps[l], h * r, z[l], h * r, h);
            }
            in = z[l];
        }
        for (int l = 1; l <= depth; l++) {
            vae.decoder(l).forward(theta, z[l], rows, dec[l]);
        }
        Likelihood lik = vae.spec().likelihood();
        int d = size[0];
        double[] o1 = observation(theta, rows);
        lik.logLikelihoods(kernels, x, o1, rows, d, reconstruction, likelihoodBlock);
        for (int r = 0; r < rows; r++) {
            double v = reconstruction[r];
            for (int l = 1; l < depth; l++) {
                int h = size[l];
                double[] o = dec[l + 1].output();
                double t = (unitVariance[l + 1] ? DiagonalGaussian.logDensity(z[l], h * r, o, h * r, zeros, 0, h)
                        : DiagonalGaussian.logDensity(z[l], h * r, o, 2 * h * r, o, 2 * h * r + h, h)) - logQ(l, r);
                levelKl[l][r] = -t;
                v += t;
            }
            int h = size[depth];
            double[] o = encoded(depth);
            if (analyticTop) {
                double kl = DiagonalGaussian.klToStandard(o, 2 * h * r, o, 2 * h * r + h, h);
                levelKl[depth][r] = kl;
                v -= kl;
            } else {
                double t = DiagonalGaussian.logStandardDensity(z[depth], h * r, h) - logQ(depth, r);
                levelKl[depth][r] = -t;
                v += t;
            }
            value[r] = v;
        }
    }

    /** {@code log q(z_l | z_{l-1})} at the drawn {@code z_l}, written through its noise. */
    private double logQ(int l, int r) {
        int h = size[l];
        double[] o = encoded(l);
        double[] e = eps[l];
        double s = 0;
        for (int j = 0; j < h; j++) {
            double n = e[h * r + j];
            s += DiagonalGaussian.LOG_2PI + o[2 * h * r + h + j] + n * n;
        }
        return -0.5 * s;
    }

    /**
     * Adds {@code scale} times the gradient of the sum of {@link #value} (the analytic-top
     * estimate of the last {@link #forward}, noise held fixed) to {@link #grad}.
     */
    void backward(double[] theta, double scale) {
        if (rows < 0 || !analytic) {
            throw new IllegalStateException("backward needs a forward pass with the analytic top KL first");
        }
        for (int l = 1; l <= depth; l++) {
            Arrays.fill(dz[l], 0, rows * size[l], 0.0);
        }
        Likelihood lik = vae.spec().likelihood();
        int d = size[0];
        Mlp dec1 = vae.decoder(1);
        if (observed == null) {
            int out1 = dec1.spec().outputSize();
            double[] o1 = dec[1].output();
            Arrays.fill(dDec[1], 0, rows * out1, 0.0);
            lik.gradients(x, o1, rows, d, scale, dDec[1], likelihoodBlock);
        } else {
            // [mu, logvar] per row: the means' gradient goes to the network, the log-variance's
            // (the same parameter in every row) is summed into the parameter's own slot.
            Arrays.fill(dObserved, 0, rows * 2 * d, 0.0);
            int at = vae.likelihoodOffset();
            for (int r = 0; r < rows; r++) {
                lik.gradient(x, d * r, observed, 2 * d * r, d, scale, dObserved, 2 * d * r);
                System.arraycopy(dObserved, 2 * d * r, dDec[1], d * r, d);
                for (int j = 0; j < d; j++) {
                    grad[at + j] += dObserved[2 * d * r + d + j];
                }
            }
        }
        dec1.backward(theta, dDec[1], rows, dec[1], grad, tmp);
        add(tmp, dz[1], rows * size[1]);
        for (int l = 2; l <= depth; l++) {
            // Dec<l> predicts z_{l-1}: log p(z_{l-1} | z_l) pulls on its outputs and on z_{l-1}.
            int h = size[l - 1];
            double[] o = dec[l].output();
            double[] g = dDec[l];
            if (unitVariance[l]) {
                // N(Dec(z_l), I): the log-variance is fixed at zero; its gradient goes to scratch.
                Arrays.fill(g, 0, rows * h, 0.0);
                for (int r = 0; r < rows; r++) {
                    Arrays.fill(scratch, 0, h, 0.0);
                    DiagonalGaussian.logDensityGradient(z[l - 1], h * r, o, h * r, zeros, 0, h, scale,
                            dz[l - 1], h * r, g, h * r, scratch, 0);
                }
            } else {
                Arrays.fill(g, 0, rows * 2 * h, 0.0);
                for (int r = 0; r < rows; r++) {
                    DiagonalGaussian.logDensityGradient(z[l - 1], h * r, o, 2 * h * r, o, 2 * h * r + h, h, scale,
                            dz[l - 1], h * r, g, 2 * h * r, g, 2 * h * r + h);
                }
            }
            vae.decoder(l).backward(theta, g, rows, dec[l], grad, tmp);
            add(tmp, dz[l], rows * size[l]);
        }
        for (int l = depth; l >= 1; l--) {
            // dz_l is complete here: its consumers Dec<l>, Dec<l+1> (through log p(z_l | .)) and
            // Enc<l+1> (the previous iteration) have all reported.
            int h = size[l];
            double[] o = encoded(l);
            double[] g = dEnc[l];
            double[] e = eps[l];
            double[] dzl = dz[l];
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < h; j++) {
                    int m = 2 * h * r + j;
                    double lv = o[m + h];
                    double dzv = dzl[h * r + j];
                    double dmu = dzv;
                    double dlv = dzv * 0.5 * Math.exp(0.5 * lv) * e[h * r + j];
                    if (l < depth) {
                        dlv += 0.5 * scale; // -log q = 1/2 sum (log 2 pi + logvar + eps^2)
                    } else {
                        dmu -= scale * o[m];
                        dlv -= scale * 0.5 * Math.expm1(lv);
                    }
                    g[m] = dmu;
                    g[m + h] = dlv;
                }
            }
            if (encoded[l] != null) {
                // The log-variance is a constant: only the means' gradient reaches the network.
                double[] dm = dMeans[l];
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(g, 2 * h * r, dm, h * r, h);
                }
                g = dm;
            }
            vae.encoder(l).backward(theta, g, rows, enc[l], grad, l > 1 ? tmp : null);
            if (l > 1) {
                add(tmp, dz[l - 1], rows * size[l - 1]);
            }
        }
    }

    /**
     * The first {@code rows} rows of the likelihood's layout after Dec1 ran: its output, or,
     * for a likelihood with its own log-variance, the means beside that parameter's values.
     */
    double[] observation(double[] theta, int rows) {
        double[] o = dec[1].output();
        if (observed == null) {
            return o;
        }
        int d = size[0];
        int at = vae.likelihoodOffset();
        for (int r = 0; r < rows; r++) {
            System.arraycopy(o, d * r, observed, 2 * d * r, d);
            System.arraycopy(theta, at, observed, 2 * d * r + d, d);
        }
        return observed;
    }

    /**
     * The encoder's output of level {@code l} in the heads' layout {@code [mu, logvar]} per
     * row: the network's own, or (fixed variance) its means beside the constant log-variance.
     */
    double[] encoded(int l) {
        return encoded[l] == null ? enc[l].output() : encoded[l];
    }

    /** Lays out a fixed-variance encoder's means as heads would be, after the network ran. */
    void fillEncoded(int l) {
        double[] e = encoded[l];
        if (e == null) {
            return;
        }
        double[] o = enc[l].output();
        int h = size[l];
        double lv = fixedLogVariance[l];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(o, h * r, e, 2 * h * r, h);
            Arrays.fill(e, 2 * h * r + h, 2 * h * (r + 1), lv);
        }
    }

    private static void add(double[] from, double[] to, int n) {
        for (int i = 0; i < n; i++) {
            to[i] += from[i];
        }
    }
}
