package org.thermogen.runtime.vae;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.thermogen.runtime.compute.Precision;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Init;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.ParamSpec;
import org.thermogen.runtime.model.Role;
import org.thermogen.runtime.model.Shape;
import org.thermogen.runtime.nn.Initialization;
import org.thermogen.runtime.nn.Mlp;
import org.thermogen.runtime.run.Parallel;

/**
 * A variational autoencoder with {@code L >= 1} Gaussian latent layers (see {@link VaeSpec}
 * for the networks), its parameters in one flat vector, and its estimators: the Monte
 * Carlo ELBO, the importance-weighted bound, ancestral samples and reconstructions.
 *
 * <p><b>Parameter layout</b> (offsets from 0, names as in checkpoints): the encoders
 * {@code Enc1 .. EncL}, then the decoders {@code Dec1 .. DecL}, each laid out as an
 * {@link Mlp} ({@code Enc1.0.W}, {@code Enc1.0.b}, {@code Enc1.1.W}, ...), then the
 * likelihood's {@linkplain Likelihood#parameter() own parameter} if it has one
 * ({@code logvar[D]}, starting at 0).
 *
 * <p><b>ELBO.</b> {@code ELBO(x) = E_q[log p(x | z1)] + sum_{l<L} E_q[log p(z_l | z_{l+1}) - log q(z_l | z_{l-1})]
 * - E_q[KL(q(zL | z_{L-1}) || N(0, I))]}, estimated with reparameterised draws
 * {@code z_l = mu_l + exp(logvar_l / 2) eps}; the top KL is analytic. For L = 1 it is
 * {@code E_q[log p(x | z)] - KL(q(z | x) || N(0, I))} (note 03).
 *
 * <p>Evaluations split the rows into chunks served by a fixed number of pieces, each with its
 * own random stream split from the caller's in order, so results are the same with or
 * without a worker pool.
 *
 * <pre>{@code
 * Vae vae = new Vae("Digits", VaeSpec.builder(64).hidden(128, Activation.RELU).latent(16).latent(8).build());
 * double[] theta = vae.initialParameters(new SplittableRandom(1));
 * TrainingResult r = VaeTraining.builder().epochs(20).batch(100).build().train(vae, theta, train, test, context);
 * double elbo = vae.elbo(r.theta(), test, 1, new SplittableRandom(2), null);
 * double logLikelihood = vae.importanceWeighted(r.theta(), test, 100, new SplittableRandom(3), null);
 * double[] samples = vae.sample(r.theta(), 16, new SplittableRandom(4), false);   // 16 rows of means
 * }</pre>
 */
public final class Vae {
    /** Pieces of an evaluation; fixed, so that sums do not depend on the number of threads. */
    static final int PIECES = 4;
    /** Rows per evaluation chunk. */
    private static final int CHUNK = 128;

    private final String name;
    private final VaeSpec spec;
    private final Mlp[] encoders;
    private final Mlp[] decoders;
    private final int paramCount;
    /** Offset of the likelihood's own parameter (its log-variance per unit), -1 when it has none. */
    private final int likelihoodAt;

    /**
     * A VAE whose parameter names start with the network names {@code Enc<l>}, {@code Dec<l>},
     * its networks in the {@linkplain Precision#networkDefault() default precision}.
     */
    public Vae(String name, VaeSpec spec) {
        this(name, spec, Precision.networkDefault());
    }

    /** As {@link #Vae(String, VaeSpec)}, the networks computing in {@code precision}. */
    public Vae(String name, VaeSpec spec, Precision precision) {
        this.name = name;
        this.spec = spec;
        int depth = spec.depth();
        encoders = new Mlp[depth + 1];
        decoders = new Mlp[depth + 1];
        int offset = 0;
        for (int l = 1; l <= depth; l++) {
            encoders[l] = new Mlp(spec.encoderName(l), spec.encoder(l), offset, precision);
            offset = encoders[l].end();
        }
        for (int l = 1; l <= depth; l++) {
            decoders[l] = new Mlp(spec.decoderName(l), spec.decoder(l), offset, precision);
            offset = decoders[l].end();
        }
        this.likelihoodAt = spec.likelihood().parameter() == null ? -1 : offset;
        if (likelihoodAt >= 0) {
            offset += spec.dataSize();
        }
        this.paramCount = offset;
    }

    public String name() {
        return name;
    }

    public VaeSpec spec() {
        return spec;
    }

    /** The arithmetic its networks compute in. */
    public Precision precision() {
        return encoders[1].precision();
    }

    /** The network of {@code q(z_l | z_{l-1})}. */
    public Mlp encoder(int l) {
        return encoders[l];
    }

    /** The network of {@code p(z_{l-1} | z_l)}; {@code decoder(1)} is {@code p(x | z1)}. */
    public Mlp decoder(int l) {
        return decoders[l];
    }

    /**
     * Where the likelihood's own parameter ({@code logvar[D]}) starts in the parameter vector,
     * or -1 when the likelihood has none.
     */
    public int likelihoodOffset() {
        return likelihoodAt;
    }

    /** Length of the parameter vector. */
    public int paramCount() {
        return paramCount;
    }

    /**
     * Every parameter with its offset, encoders first. Hidden layers start by
     * {@link Initialization#DEFAULT} (He before relu); the output layer of every network
     * starts at zero, so that every network first outputs its zero bias: {@code q(z_l | .)}
     * and {@code p(z_{l-1} | z_l)} start as {@code N(0, I)} (all KL terms zero) and
     * Bernoulli pixels at 1/2. He-initialised output layers give log-variances of order one
     * whose {@code exp(-logvar)} made the first Adam steps diverge on the digits (train ELBO
     * near -1e9 in epoch 5 at width 128, against -27.8 from the zero start).
     */
    public List<ParamSpec> params() {
        List<ParamSpec> ps = new ArrayList<>();
        for (int l = 1; l <= spec.depth(); l++) {
            ps.addAll(zeroOutput(encoders[l]));
        }
        for (int l = 1; l <= spec.depth(); l++) {
            ps.addAll(zeroOutput(decoders[l]));
        }
        if (likelihoodAt >= 0) {
            ps.add(new ParamSpec(spec.likelihood().parameter(), Shape.of(spec.dataSize()), likelihoodAt, Set.of(),
                    Init.zeros(), false));
        }
        return ps;
    }

    private static List<ParamSpec> zeroOutput(Mlp net) {
        List<ParamSpec> ps = new ArrayList<>(net.params(Initialization.DEFAULT));
        int w = ps.size() - 2; // the output layer's W, before its b
        ParamSpec p = ps.get(w);
        ps.set(w, new ParamSpec(p.name(), p.shape(), p.offset(), p.constraints(), Init.zeros(), p.fixed()));
        return ps;
    }

    /**
     * Declares this VAE's parameters, with their initial values, on a model spec under
     * construction that declares no other parameters (a generated model's spec).
     */
    public ModelSpec.Builder declare(ModelSpec.Builder builder) {
        for (ParamSpec p : params()) {
            builder.param(p.name(), p.shape(), p.init(), false);
        }
        return builder;
    }

    /**
     * The model spec for checkpoints and optimizers: a visible real variable {@code x}, hidden
     * real variables {@code z1 .. zL}, and the parameters in layout order.
     */
    public ModelSpec modelSpec() {
        ModelSpec.Builder b = ModelSpec.builder(name)
                .variable("x", Role.VISIBLE, Domain.REAL, Shape.of(spec.dataSize()), false);
        for (int l = 1; l <= spec.depth(); l++) {
            b.variable("z" + l, Role.HIDDEN, Domain.REAL, Shape.of(spec.latentSize(l)), false);
        }
        for (ParamSpec p : params()) {
            b.param(p.name(), p.shape(), p.init(), false);
        }
        return b.build();
    }

    /** Initial parameters as {@link #params()} describes: zero output layers and biases. */
    public double[] initialParameters(SplittableRandom random) {
        double[] theta = new double[paramCount];
        for (ParamSpec p : params()) {
            p.init().fill(p.shape(), theta, p.offset(), random);
        }
        return theta;
    }

    /**
     * The Monte Carlo ELBO per row of {@code data}, averaged over rows and over
     * {@code samples} draws per row (analytic top KL).
     *
     * @param pool worker threads, or null for the calling thread
     */
    public double elbo(double[] theta, Dataset data, int samples, SplittableRandom random, ForkJoinPool pool) {
        return elbo(theta, data, samples, random, pool, true);
    }

    /**
     * A Monte Carlo bound with its standard error: the mean over rows of each row's estimate
     * (the {@link #elbo} or {@link #importanceWeighted} value to the bit), and
     * {@code sd / sqrt(rows)} of those per-row estimates, which holds the draws' noise and the
     * rows' spread alike.
     */
    public record Estimate(double mean, double standardError) {
    }

    /**
     * Where the ELBO goes, level by level, with one draw per row (top KL analytic): the mean
     * reconstruction term {@code log p(x | z1)}, each level's KL term, and the active units of
     * each level (Burda et al. 2016): units {@code u} whose encoder mean varies over the rows,
     * {@code Var_x(E_q[z_u]) > } {@value #ACTIVE_VARIANCE}; for a level above the first, the mean
     * is taken at one draw of the level below. {@code reconstruction - sum(kl)} is the
     * one-draw ELBO of the same draws.
     *
     * @param kl          index {@code 1 .. L}: the mean over rows of level {@code l}'s term (index 0 unused)
     * @param activeUnits index {@code 1 .. L}: active units of level {@code l} (index 0 unused)
     */
    public record Terms(double reconstruction, double[] kl, int[] activeUnits) {
    }

    /** The variance over rows above which a latent unit counts as active (Burda et al. 2016). */
    public static final double ACTIVE_VARIANCE = 0.01;

    /** {@link Terms} of the rows of {@code data}, drawing with {@code random}. */
    public Terms terms(double[] theta, Dataset data, SplittableRandom random) {
        checkTheta(theta);
        checkData(data);
        int depth = spec.depth();
        int d = spec.dataSize();
        Pass pass = new Pass(this, Math.min(CHUNK, data.rows()));
        double reconstruction = 0;
        double[] kl = new double[depth + 1];
        double[][] meanSum = new double[depth + 1][];
        double[][] squareSum = new double[depth + 1][];
        for (int l = 1; l <= depth; l++) {
            meanSum[l] = new double[spec.latentSize(l)];
            squareSum[l] = new double[spec.latentSize(l)];
        }
        for (int first = 0; first < data.rows(); first += pass.capacity) {
            int rows = Math.min(pass.capacity, data.rows() - first);
            System.arraycopy(data.values(), first * d, pass.x, 0, rows * d);
            pass.drawNoise(random, rows);
            pass.forward(theta, rows, true);
            for (int r = 0; r < rows; r++) {
                reconstruction += pass.reconstruction[r];
                for (int l = 1; l <= depth; l++) {
                    kl[l] += pass.levelKl[l][r];
                    int h = spec.latentSize(l);
                    double[] o = pass.encoded(l);
                    for (int u = 0; u < h; u++) {
                        double mu = o[2 * h * r + u];
                        meanSum[l][u] += mu;
                        squareSum[l][u] += mu * mu;
                    }
                }
            }
        }
        int n = data.rows();
        int[] active = new int[depth + 1];
        for (int l = 1; l <= depth; l++) {
            kl[l] /= n;
            for (int u = 0; u < meanSum[l].length; u++) {
                double mean = meanSum[l][u] / n;
                if (squareSum[l][u] / n - mean * mean > ACTIVE_VARIANCE) {
                    active[l]++;
                }
            }
        }
        return new Terms(reconstruction / n, kl, active);
    }

    /** {@link #elbo(double[], Dataset, int, SplittableRandom, ForkJoinPool)} with its standard error. */
    public Estimate elboEstimate(double[] theta, Dataset data, int samples, SplittableRandom random, ForkJoinPool pool) {
        if (samples < 1) {
            throw new IllegalArgumentException("the ELBO needs at least 1 sample per row, got " + samples);
        }
        return estimate(theta, data, samples, random, pool, false, true);
    }

    /** {@link #importanceWeighted} with its standard error. */
    public Estimate importanceWeightedEstimate(double[] theta, Dataset data, int k, SplittableRandom random,
            ForkJoinPool pool) {
        if (k < 1) {
            throw new IllegalArgumentException("the importance-weighted bound needs k >= 1 samples, got " + k);
        }
        return estimate(theta, data, k, random, pool, true, false);
    }

    /**
     * The Monte Carlo ELBO with the top KL analytic or, if {@code analyticTopKl} is false,
     * estimated from the same draws as {@code log N(zL; 0, I) - log q(zL | z_{L-1})}: then
     * each draw's term is a log importance weight, and one draw per row gives exactly
     * {@link #importanceWeighted} with {@code k = 1} for the same random stream. Both have
     * the same expectation; the analytic one has less variance.
     */
    public double elbo(double[] theta, Dataset data, int samples, SplittableRandom random, ForkJoinPool pool,
            boolean analyticTopKl) {
        if (samples < 1) {
            throw new IllegalArgumentException("the ELBO needs at least 1 sample per row, got " + samples);
        }
        return estimate(theta, data, samples, random, pool, false, analyticTopKl).mean();
    }

    /**
     * The importance-weighted bound (Burda et al. 2016) per row,
     * {@code log (1/K) sum_k p(x, z^k) / q(z^k | x)} with {@code z^k ~ q(. | x)}, averaged over
     * rows: a lower bound on {@code log p(x)} that tightens as {@code k} grows and, in
     * expectation, is at least the ELBO. {@code k = 1} is a one-sample ELBO estimate.
     */
    public double importanceWeighted(double[] theta, Dataset data, int k, SplittableRandom random,
            ForkJoinPool pool) {
        if (k < 1) {
            throw new IllegalArgumentException("the importance-weighted bound needs k >= 1 samples, got " + k);
        }
        return estimate(theta, data, k, random, pool, true, false).mean();
    }

    private Estimate estimate(double[] theta, Dataset data, int samples, SplittableRandom random, ForkJoinPool pool,
            boolean weighted, boolean analytic) {
        checkTheta(theta);
        checkData(data);
        int rows = data.rows();
        int chunks = (rows + CHUNK - 1) / CHUNK;
        int pieces = Math.min(PIECES, chunks);
        SplittableRandom[] randoms = new SplittableRandom[pieces];
        for (int p = 0; p < pieces; p++) {
            randoms[p] = random.split();
        }
        double[] sums = new double[pieces];
        // Per-row estimates, for the standard error: their sum and sum of squares per piece.
        double[] rowSums = new double[pieces];
        double[] rowSquares = new double[pieces];
        int d = spec.dataSize();
        Parallel.forEach(pool, pieces, p -> {
            Pass pass = new Pass(this, Math.min(CHUNK, rows));
            double[] logW = weighted ? new double[pass.capacity * samples] : null;
            double[] row = new double[pass.capacity];
            double sum = 0;
            double rowSum = 0;
            double rowSquare = 0;
            for (int c = p; c < chunks; c += pieces) {
                int first = c * CHUNK;
                int n = Math.min(CHUNK, rows - first);
                System.arraycopy(data.values(), first * d, pass.x, 0, n * d);
                java.util.Arrays.fill(row, 0, n, 0.0);
                for (int s = 0; s < samples; s++) {
                    pass.drawNoise(randoms[p], n);
                    pass.forward(theta, n, analytic);
                    for (int r = 0; r < n; r++) {
                        if (weighted) {
                            logW[r * samples + s] = pass.value[r];
                        } else {
                            sum += pass.value[r];
                            row[r] += pass.value[r];
                        }
                    }
                }
                for (int r = 0; r < n; r++) {
                    double estimate = weighted ? DiagonalGaussian.logMeanExp(logW, r * samples, samples) : row[r] / samples;
                    if (weighted) {
                        sum += estimate;
                    }
                    rowSum += estimate;
                    rowSquare += estimate * estimate;
                }
            }
            sums[p] = sum;
            rowSums[p] = rowSum;
            rowSquares[p] = rowSquare;
        });
        double total = 0;
        double estimates = 0;
        double squares = 0;
        for (int p = 0; p < pieces; p++) {
            total += sums[p];
            estimates += rowSums[p];
            squares += rowSquares[p];
        }
        double mean = weighted ? total / rows : total / ((double) rows * samples);
        double m = estimates / rows;
        double variance = rows > 1 ? Math.max(0, (squares - rows * m * m) / (rows - 1)) : Double.NaN;
        return new Estimate(mean, Math.sqrt(variance / rows));
    }

    /**
     * {@code n} ancestral samples, row-major: {@code zL ~ N(0, I)}, then each
     * {@code z_{l-1} ~ p(z_{l-1} | z_l)}, then {@code x} from {@code p(x | z1)}: drawn if
     * {@code noisy}, else its mean (Bernoulli probabilities, Gaussian means), the usual
     * picture of a VAE's samples.
     */
    public double[] sample(double[] theta, int n, SplittableRandom random, boolean noisy) {
        checkTheta(theta);
        if (n < 0) {
            throw new IllegalArgumentException("cannot draw " + n + " samples");
        }
        int d = spec.dataSize();
        int depth = spec.depth();
        double[] out = new double[n * d];
        Pass pass = new Pass(this, Math.max(1, Math.min(CHUNK, n)));
        for (int first = 0; first < n; first += pass.capacity) {
            int rows = Math.min(pass.capacity, n - first);
            double[] top = pass.z[depth];
            for (int i = 0, m = rows * spec.latentSize(depth); i < m; i++) {
                top[i] = random.nextGaussian();
            }
            for (int l = depth; l >= 2; l--) {
                decoders[l].forward(theta, pass.z[l], rows, pass.dec[l]);
                double[] o = pass.dec[l].output();
                int h = spec.latentSize(l - 1);
                double[] below = pass.z[l - 1];
                boolean unit = spec.unitVariance(l);
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < h; j++) {
                        below[h * r + j] = unit ? o[h * r + j] + random.nextGaussian()
                                : o[2 * h * r + j] + Math.exp(0.5 * o[2 * h * r + h + j]) * random.nextGaussian();
                    }
                }
            }
            decode(theta, pass, rows, noisy ? random : null, out, first * d);
        }
        return out;
    }

    /**
     * Reconstructions of the rows of {@code data}: the mean of {@code p(x | z1)} at
     * {@code z1} = the mean of {@code q(z1 | x)}; deterministic.
     */
    public double[] reconstruct(double[] theta, Dataset data) {
        checkTheta(theta);
        checkData(data);
        int d = spec.dataSize();
        int h = spec.latentSize(1);
        double[] out = new double[data.rows() * d];
        Pass pass = new Pass(this, Math.min(CHUNK, data.rows()));
        for (int first = 0; first < data.rows(); first += pass.capacity) {
            int rows = Math.min(pass.capacity, data.rows() - first);
            System.arraycopy(data.values(), first * d, pass.x, 0, rows * d);
            encoders[1].forward(theta, pass.x, rows, pass.enc[1]);
            double[] o = pass.enc[1].output();
            // Heads [mu, logvar] per row, or the means alone for an encoder of fixed variance.
            int stride = Double.isNaN(spec.encoderVariance(1)) ? 2 * h : h;
            for (int r = 0; r < rows; r++) {
                System.arraycopy(o, stride * r, pass.z[1], h * r, h);
            }
            decode(theta, pass, rows, null, out, first * d);
        }
        return out;
    }

    /** Runs Dec1 on {@code pass.z[1]} and writes means (or draws, given a random) to {@code out}. */
    private void decode(double[] theta, Pass pass, int rows, SplittableRandom random, double[] out, int at) {
        decoders[1].forward(theta, pass.z[1], rows, pass.dec[1]);
        double[] o = pass.observation(theta, rows);
        int d = spec.dataSize();
        int width = spec.likelihood().layoutWidth(d);
        for (int r = 0; r < rows; r++) {
            if (random == null) {
                spec.likelihood().mean(o, width * r, d, out, at + d * r);
            } else {
                spec.likelihood().sample(o, width * r, d, random, out, at + d * r);
            }
        }
    }

    void checkTheta(double[] theta) {
        if (theta.length != paramCount) {
            throw new IllegalArgumentException(name + " has " + paramCount + " parameters, not " + theta.length);
        }
    }

    void checkData(Dataset data) {
        if (data.columns() != spec.dataSize()) {
            throw new IllegalArgumentException(data.name() + " has " + data.columns() + " columns, but " + name
                    + " models " + spec.dataSize());
        }
        if (data.rows() == 0) {
            throw new IllegalArgumentException(data.name() + " has no rows");
        }
    }

    @Override
    public String toString() {
        return name + " = " + spec.describe();
    }
}
