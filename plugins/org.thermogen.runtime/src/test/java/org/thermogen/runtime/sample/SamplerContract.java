package org.thermogen.runtime.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.EnergyFunction;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.VariableSpec;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;

/**
 * What every sampler promises, run against each one (in the manner of EJML's
 * {@code StandardSvdChecks_DDRM}): its samples follow the model's exact distribution
 * (total variation against enumeration, on a small discrete model), the same seed gives the
 * same samples, the number of threads does not change them, and a model it cannot serve is
 * refused with an {@code IllegalArgumentException} in the words of its {@code refusal}.
 */
abstract class SamplerContract {

    /** The sampler under test, with settings that give about {@link #count()} samples. */
    abstract Sampler sampler();

    /** A small model the sampler serves. */
    abstract Model model();

    /** Parameters of {@link #model()} with couplings strong enough to matter. */
    abstract double[] theta();

    /** A model the sampler cannot serve. */
    abstract Model refused();

    /** Samples drawn for the distribution test. */
    int count() {
        return 20_000;
    }

    /** The largest total variation distance allowed between the samples and the exact law. */
    double tolerance() {
        return 0.04;
    }

    private Samples draw(long seed, int threads) {
        try (RunContext context = new RunContext(seed, Path.of(""), ProgressListener.NONE, threads)) {
            return sampler().sample(model(), theta(), count(), context);
        }
    }

    @Test
    void samplesTheExactDistributionOfTheObservedUnits() {
        Model model = model();
        double[] exact = exactObserved(model, theta());
        Samples s = draw(11, 1);
        int d = model.spec().observedSize();
        assertEquals(d, s.dimension());
        double[] empirical = new double[exact.length];
        for (int r = 0; r < s.count(); r++) {
            empirical[index(s.values(), r * d, d)] += 1.0 / s.count();
        }
        double tv = 0;
        for (int i = 0; i < exact.length; i++) {
            tv += Math.abs(empirical[i] - exact[i]) / 2;
        }
        assertTrue(tv < tolerance(), sampler().describe() + ": total variation " + tv + " from the exact law of "
                + exact.length + " observed states, more than " + tolerance());
    }

    @Test
    void theSameSeedGivesTheSameSamples() {
        assertArrayEquals(draw(5, 1).values(), draw(5, 1).values(), 0.0, sampler().describe());
    }

    @Test
    void theNumberOfThreadsDoesNotChangeTheSamples() {
        assertArrayEquals(draw(5, 1).values(), draw(5, 2).values(), 0.0, sampler().describe());
    }

    @Test
    void refusesAModelItCannotServeInTheWordsOfItsRefusal() {
        Model other = refused();
        Optional<String> refusal = sampler().refusal(ModelOutline.of(other));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            try (RunContext context = new RunContext(1, Path.of(""), ProgressListener.NONE, 1)) {
                sampler().sample(other, other.spec().initialParameters(new java.util.SplittableRandom(1)), 10, context);
            }
        });
        refusal.ifPresent(m -> assertEquals(m, e.getMessage()));
    }

    /** The law of the observed units by enumerating every state: {@code p(v) = sum_h exp(-E(v, h)) / Z}. */
    /** Parameters drawn independently from {@code N(0, scale^2)} by a stream of {@code seed}. */
    static double[] gaussianTheta(Model model, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] theta = new double[model.spec().paramSize()];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = scale * r.nextGaussian();
        }
        return theta;
    }

    static double[] exactObserved(Model model, double[] theta) {
        ModelSpec spec = model.spec();
        int n = spec.stateSize();
        int d = spec.observedSize();
        List<VariableSpec> vars = spec.variables();
        Domain[] domain = new Domain[n];
        for (VariableSpec v : vars) {
            for (int i = 0; i < v.size(); i++) {
                domain[v.offset() + i] = v.domain();
            }
        }
        double[] logWeight = new double[1 << n];
        double max = Double.NEGATIVE_INFINITY;
        double[] x = new double[n];
        EnergyFunction energy = model.requireEnergy("exact enumeration");
        for (int s = 0; s < 1 << n; s++) {
            for (int i = 0; i < n; i++) {
                int bit = (s >> i) & 1;
                x[i] = domain[i] == Domain.SPIN ? 2 * bit - 1 : bit;
            }
            logWeight[s] = -energy.energy(x, theta);
            max = Math.max(max, logWeight[s]);
        }
        double[] p = new double[1 << d];
        double z = 0;
        for (int s = 0; s < 1 << n; s++) {
            double w = Math.exp(logWeight[s] - max);
            p[s & ((1 << d) - 1)] += w;
            z += w;
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= z;
        }
        return p;
    }

    /** The state index of {@code d} observed units at {@code offset}: unit i is bit i, 1 for +1 or 1. */
    static int index(double[] values, int offset, int d) {
        int s = 0;
        for (int i = 0; i < d; i++) {
            if (values[offset + i] > 0) {
                s |= 1 << i;
            }
        }
        return s;
    }
}
