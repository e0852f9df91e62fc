package org.thermogen.runtime.vae;

import java.util.SplittableRandom;
import org.thermogen.runtime.compute.DenseKernels;
import org.thermogen.runtime.nn.Activation;
import org.thermogen.runtime.nn.MlpSpec;

/**
 * The observation model {@code p(x | z1)} of a VAE: which heads the decoder has and how
 * they score a data row. Each {@code d}-dimensional row of decoder output is read from
 * {@code out[at ..]} in the decoder's head layout. Immutable; equal when they describe the
 * same distribution.
 *
 * <ul>
 * <li>{@link #BERNOULLI}: {@code bernoulli(Dec(z))};</li>
 * <li>{@link #gaussian(double)}: {@code normal(Dec(z), v * I)}, a fixed variance
 * ({@link #GAUSSIAN}: {@code v = 1}, as in note 03);</li>
 * <li>{@link #GAUSSIAN_LEARNED_VARIANCE}: {@code normal(Dec(z))} with heads
 * {@code [mu D, logvar D]}, a variance per row and unit;</li>
 * <li>{@link #gaussianLogVariance(String)}: {@code normal(Dec(z), diag(exp(logvar)))}, a learned
 * variance per unit shared by every row: the parameter {@code logvar[D]}, trained with the
 * networks.</li>
 * </ul>
 *
 * <p>The methods read one row of the likelihood's <em>layout</em>, {@link #layoutWidth}
 * columns: the decoder's output, except for {@link #parameter() a likelihood with its own
 * parameter}, whose layout is the decoder's means followed by that parameter
 * ({@code [mu D, logvar D]}, as the variance head's), filled in by the VAE.
 */
public abstract class Likelihood implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Written as its keyword and read back through {@link #of}: the constants stay the constants. */
    protected final Object writeReplace() {
        return new Keyword(keyword);
    }

    /** The serialized form of a likelihood. */
    private record Keyword(String keyword) implements java.io.Serializable {
        private Object readResolve() {
            return Likelihood.of(keyword);
        }
    }

    /**
     * Independent Bernoulli units from logits (head {@code logits}, no activation):
     * {@code log p = sum x l - softplus(l)}, stable for any logit and valid for x in [0, 1]
     * (the cross-entropy of grey levels).
     */
    public static final Likelihood BERNOULLI = new Likelihood("bernoulli") {
        @Override
        void heads(MlpSpec.Builder b, int d) {
            b.head("logits", d, Activation.IDENTITY);
        }

        @Override
        public double logLikelihood(double[] x, int xAt, double[] out, int at, int d) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += bernoulliFromLogit(x[xAt + j], out[at + j]);
            }
            return s;
        }

        @Override
        public void gradient(double[] x, int xAt, double[] out, int at, int d, double scale, double[] dOut, int dAt) {
            for (int j = 0; j < d; j++) {
                dOut[dAt + j] += scale * (x[xAt + j] - Activation.sigmoid(out[at + j]));
            }
        }

        @Override
        public void mean(double[] out, int at, int d, double[] x, int xAt) {
            for (int j = 0; j < d; j++) {
                x[xAt + j] = Activation.sigmoid(out[at + j]);
            }
        }

        @Override
        Block block(int rows, int d) {
            return new Block(rows * d);
        }

        /** One kernel call for the rows: each pixel's term and mean, the means kept for {@link #gradients}. */
        @Override
        void logLikelihoods(DenseKernels kernels, double[] x, double[] out, int rows, int d, double[] values,
                Block block) {
            kernels.bernoulliFromLogits(x, out, block.terms, block.means, rows * d);
            double[] t = block.terms;
            for (int r = 0, i = 0; r < rows; r++) {
                double s = 0;
                for (int end = i + d; i < end; i++) {
                    s += t[i];
                }
                values[r] = s;
            }
        }

        @Override
        void gradients(double[] x, double[] out, int rows, int d, double scale, double[] dOut, Block block) {
            double[] m = block.means;
            for (int i = 0, n = rows * d; i < n; i++) {
                dOut[i] += scale * (x[i] - m[i]);
            }
        }

        @Override
        public void sample(double[] out, int at, int d, SplittableRandom random, double[] x, int xAt) {
            for (int j = 0; j < d; j++) {
                x[xAt + j] = random.nextDouble() < Activation.sigmoid(out[at + j]) ? 1.0 : 0.0;
            }
        }
    };

    /** Unit-variance Gaussian (head {@code mean}): {@code log p = -1/2 sum ((x - m)^2 + log 2 pi)}, as in note 03. */
    public static final Likelihood GAUSSIAN = new FixedGaussian(1);

    /**
     * Gaussian with a variance per row and unit (heads {@code mean} and {@code logvar}):
     * {@code normal(Dec(z))} where {@code Dec} ends in heads {@code [mu D, logvar D]}.
     */
    public static final Likelihood GAUSSIAN_LEARNED_VARIANCE = new Likelihood("gaussian_learned_variance") {
        @Override
        void heads(MlpSpec.Builder b, int d) {
            b.head("mean", d, Activation.IDENTITY).head("logvar", d, Activation.IDENTITY);
        }

        @Override
        public double logLikelihood(double[] x, int xAt, double[] out, int at, int d) {
            return DiagonalGaussian.logDensity(x, xAt, out, at, out, at + d, d);
        }

        @Override
        public void gradient(double[] x, int xAt, double[] out, int at, int d, double scale, double[] dOut, int dAt) {
            DiagonalGaussian.logDensityGradient(x, xAt, out, at, out, at + d, d, scale, null, 0, dOut, dAt, dOut,
                    dAt + d);
        }

        @Override
        public void mean(double[] out, int at, int d, double[] x, int xAt) {
            System.arraycopy(out, at, x, xAt, d);
        }

        @Override
        public void sample(double[] out, int at, int d, SplittableRandom random, double[] x, int xAt) {
            for (int j = 0; j < d; j++) {
                x[xAt + j] = out[at + j] + Math.exp(0.5 * out[at + d + j]) * random.nextGaussian();
            }
        }

        @Override
        public int width(int d) {
            return 2 * d;
        }
    };

    /**
     * {@code normal(Dec(z), diag(exp(logvar)))}: a Gaussian around the decoder's output whose
     * log-variance per unit, {@code logvar[D]}, is a parameter of the model named
     * {@code parameter}, learned with the networks (it starts at 0, unit variance). Unlike the
     * variance head it does not depend on {@code z}; unlike a fixed variance it needs no
     * guess of the noise level. Laid out as the variance head: {@code [mu D, logvar D]}.
     *
     * @throws IllegalArgumentException for a blank name
     */
    public static Likelihood gaussianLogVariance(String parameter) {
        return new LogVarianceGaussian(parameter);
    }

    /** The Gaussian whose log-variance per unit is the parameter {@code parameter}. */
    private static final class LogVarianceGaussian extends Likelihood {
        private final String parameter;

        LogVarianceGaussian(String parameter) {
            super("gaussian(logvar " + parameter + ")");
            if (parameter == null || parameter.isBlank() || parameter.contains(" ") || parameter.contains(")")) {
                throw new IllegalArgumentException("a learned log-variance needs a parameter name, not '" + parameter + "'");
            }
            this.parameter = parameter;
        }

        @Override
        void heads(MlpSpec.Builder b, int d) {
            b.head("mean", d, Activation.IDENTITY);
        }

        @Override
        public String parameter() {
            return parameter;
        }

        @Override
        public int layoutWidth(int d) {
            return 2 * d;
        }

        @Override
        public double logLikelihood(double[] x, int xAt, double[] out, int at, int d) {
            return GAUSSIAN_LEARNED_VARIANCE.logLikelihood(x, xAt, out, at, d);
        }

        @Override
        public void gradient(double[] x, int xAt, double[] out, int at, int d, double scale, double[] dOut, int dAt) {
            GAUSSIAN_LEARNED_VARIANCE.gradient(x, xAt, out, at, d, scale, dOut, dAt);
        }

        @Override
        public void mean(double[] out, int at, int d, double[] x, int xAt) {
            GAUSSIAN_LEARNED_VARIANCE.mean(out, at, d, x, xAt);
        }

        @Override
        public void sample(double[] out, int at, int d, SplittableRandom random, double[] x, int xAt) {
            GAUSSIAN_LEARNED_VARIANCE.sample(out, at, d, random, x, xAt);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LogVarianceGaussian g && g.parameter.equals(parameter);
        }

        @Override
        public int hashCode() {
            return parameter.hashCode();
        }
    }

    /**
     * {@code normal(Dec(z), v * I)}: a Gaussian of fixed variance {@code v} around the
     * decoder's output, {@code log p = -1/2 sum ((x - m)^2 / v + log 2 pi v)}. A small
     * {@code v} weighs reconstruction against the prior as a sharp decoder should.
     *
     * @throws IllegalArgumentException unless {@code v} is finite and above 0
     */
    public static Likelihood gaussian(double variance) {
        return variance == 1 ? GAUSSIAN : new FixedGaussian(variance);
    }

    /** The Gaussian of a fixed variance. */
    private static final class FixedGaussian extends Likelihood {
        private final double variance;
        private final double precision;
        private final double logNormalizer;
        private final double deviation;

        FixedGaussian(double variance) {
            super(variance == 1 ? "gaussian" : "gaussian(variance " + variance + ")");
            if (!(variance > 0) || Double.isInfinite(variance)) {
                throw new IllegalArgumentException("a Gaussian's variance must be a finite number above 0, not " + variance);
            }
            this.variance = variance;
            this.precision = 1 / variance;
            this.logNormalizer = DiagonalGaussian.LOG_2PI + Math.log(variance);
            this.deviation = Math.sqrt(variance);
        }

        @Override
        void heads(MlpSpec.Builder b, int d) {
            b.head("mean", d, Activation.IDENTITY);
        }

        @Override
        public double logLikelihood(double[] x, int xAt, double[] out, int at, int d) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                double r = x[xAt + j] - out[at + j];
                s += r * r * precision + logNormalizer;
            }
            return -0.5 * s;
        }

        @Override
        public void gradient(double[] x, int xAt, double[] out, int at, int d, double scale, double[] dOut, int dAt) {
            double c = scale * precision;
            for (int j = 0; j < d; j++) {
                dOut[dAt + j] += c * (x[xAt + j] - out[at + j]);
            }
        }

        @Override
        public void mean(double[] out, int at, int d, double[] x, int xAt) {
            System.arraycopy(out, at, x, xAt, d);
        }

        @Override
        public void sample(double[] out, int at, int d, SplittableRandom random, double[] x, int xAt) {
            for (int j = 0; j < d; j++) {
                x[xAt + j] = out[at + j] + deviation * random.nextGaussian();
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FixedGaussian g && g.variance == variance;
        }

        @Override
        public int hashCode() {
            return Double.hashCode(variance);
        }
    }

    private final String keyword;

    private Likelihood(String keyword) {
        this.keyword = keyword;
    }

    /** The likelihoods that need no setting, for tests that try each: Bernoulli, Gaussian, Gaussian with a variance head. */
    public static java.util.List<Likelihood> values() {
        return java.util.List.of(BERNOULLI, GAUSSIAN, GAUSSIAN_LEARNED_VARIANCE);
    }

    @Override
    public String toString() {
        return keyword;
    }

    /** The name in .gen syntax. */
    public String keyword() {
        return keyword;
    }

    /** Adds the decoder's output heads for {@code d} data columns. */
    abstract void heads(MlpSpec.Builder b, int d);

    /** Outputs of {@code p(x | z1)}'s network for {@code d} data columns. */
    public int width(int d) {
        return d;
    }

    /**
     * Columns of one row of this likelihood's layout, which its methods read: the network's
     * {@link #width}, or with a {@link #parameter()} the means and that parameter.
     */
    public int layoutWidth(int d) {
        return width(d);
    }

    /**
     * The name of the model parameter {@code logvar[D]} this likelihood learns beside the
     * networks (its values follow the means in the layout), or null when it has none.
     */
    public String parameter() {
        return null;
    }

    /**
     * The buffers a caller lends {@link #logLikelihoods} and {@link #gradients} for up to a
     * number of rows, one per thread: the likelihoods themselves are constants, shared.
     */
    static final class Block {
        /** Per element: its term of the log-likelihood. */
        final double[] terms;
        /** Per element: the mean the gradient needs, kept from the log-likelihood's pass. */
        final double[] means;

        Block(int n) {
            terms = new double[n];
            means = new double[n];
        }
    }

    /** The buffers of {@link #logLikelihoods} for up to {@code rows} rows of {@code d} units; null if none are needed. */
    Block block(int rows, int d) {
        return null;
    }

    /**
     * {@code values[r]} = {@link #logLikelihood} of row {@code r < rows}, the rows one after
     * another ({@code x}: {@code d} per row; {@code out}: {@link #layoutWidth} per row), with
     * the buffers of {@link #block}. A likelihood may compute all rows at once.
     */
    void logLikelihoods(DenseKernels kernels, double[] x, double[] out, int rows, int d, double[] values,
            Block block) {
        int w = layoutWidth(d);
        for (int r = 0; r < rows; r++) {
            values[r] = logLikelihood(x, d * r, out, w * r, d);
        }
    }

    /**
     * {@link #gradient} of every row {@code r < rows} into {@code dOut} (laid out as {@code out}),
     * after {@link #logLikelihoods} of the same {@code out} with the same block, whose work
     * it may reuse.
     */
    void gradients(double[] x, double[] out, int rows, int d, double scale, double[] dOut, Block block) {
        int w = layoutWidth(d);
        for (int r = 0; r < rows; r++) {
            gradient(x, d * r, out, w * r, d, scale, dOut, w * r);
        }
    }

    /** {@code log p(x | out)} for one row. */
    public abstract double logLikelihood(double[] x, int xAt, double[] out, int at, int d);

    /** Adds {@code scale * d log p(x | out) / d out} to {@code dOut[dAt ..]}, laid out like {@code out}. */
    public abstract void gradient(double[] x, int xAt, double[] out, int at, int d, double scale, double[] dOut,
            int dAt);

    /** The mean of {@code p(x | out)}: a reconstruction or a noiseless sample. */
    public abstract void mean(double[] out, int at, int d, double[] x, int xAt);

    /** A draw from {@code p(x | out)}. */
    public abstract void sample(double[] out, int at, int d, SplittableRandom random, double[] x, int xAt);

    /**
     * {@code x log sigmoid(l) + (1 - x) log(1 - sigmoid(l)) = x l - softplus(l)}: exact for
     * any logit, where computing the probability first would round it to 0 or 1.
     */
    public static double bernoulliFromLogit(double x, double logit) {
        return x * logit - Activation.softplus(logit);
    }

    /**
     * The Bernoulli log-likelihood from a probability (a sigmoid output). Probabilities are
     * kept inside {@code [1e-12, 1 - 1e-12]}, since a sigmoid rounded to 0 or 1 would give
     * an infinite loss; prefer {@link #bernoulliFromLogit}, which needs no such floor.
     */
    public static double bernoulliFromProbability(double x, double p) {
        double q = Math.min(Math.max(p, 1e-12), 1 - 1e-12);
        return x * Math.log(q) + (1 - x) * Math.log1p(-q);
    }

    /**
     * The likelihood named {@code keyword}.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static Likelihood of(String keyword) {
        for (Likelihood l : values()) {
            if (l.keyword.equals(keyword)) {
                return l;
            }
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("gaussian\\(variance (\\S+)\\)").matcher(keyword);
        if (m.matches()) {
            return gaussian(Double.parseDouble(m.group(1)));
        }
        m = java.util.regex.Pattern.compile("gaussian\\(logvar (\\S+)\\)").matcher(keyword);
        if (m.matches()) {
            return gaussianLogVariance(m.group(1));
        }
        throw new IllegalArgumentException("unknown likelihood '" + keyword
                + "': use bernoulli, gaussian, gaussian(variance V), gaussian(logvar NAME) or gaussian_learned_variance");
    }
}
