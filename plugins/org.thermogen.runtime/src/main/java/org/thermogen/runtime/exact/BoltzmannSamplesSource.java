package org.thermogen.runtime.exact;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import org.thermogen.runtime.data.DataSource;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.Distribution;
import org.thermogen.runtime.data.GroundTruth;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.model.Domain;

/**
 * Exact samples of a random Boltzmann machine, which is kept as the data's true
 * distribution: {@code boltzmann_samples(units 16, n 5000, coupling normal(0, 0.3),
 * field normal(0, 0.1), domain spin, seed 42)}. From {@code new SplittableRandom(seed)}:
 * first the couplings {@code W_kl} for {@code k < l} in row order, then the fields
 * {@code b_k}, then the samples.
 */
public final class BoltzmannSamplesSource implements DataSource {
    private final int units;
    private final int n;
    private final Distribution coupling;
    private final Distribution field;
    private final Domain domain;
    private final long seed;
    private final PairwiseEnergy truth;

    private BoltzmannSamplesSource(Builder b) {
        this.units = b.units;
        this.n = b.n;
        this.coupling = b.coupling;
        this.field = b.field;
        this.domain = b.domain;
        this.seed = b.seed;
        this.truth = drawParameters(new SplittableRandom(seed));
    }

    private PairwiseEnergy drawParameters(SplittableRandom random) {
        PairwiseEnergy e = new PairwiseEnergy(units, domain);
        for (int k = 0; k < units; k++) {
            for (int l = k + 1; l < units; l++) {
                e.setPair(k, l, coupling.draw(random));
            }
        }
        for (int k = 0; k < units; k++) {
            e.setBias(k, field.draw(random));
        }
        return e;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "boltzmann_samples(units " + units + ", n " + n + ", coupling " + coupling.describe() + ", field "
                + field.describe() + ", domain " + domain.name().toLowerCase(Locale.ROOT) + ", seed " + seed + ")";
    }

    @Override
    public Dataset read(Path baseDirectory, String name) {
        SplittableRandom random = new SplittableRandom(seed);
        // The samples follow the parameters' draws in the same stream.
        drawParameters(random);
        double[] rows = ExactSampling.draw(truth, n, random);
        return new Dataset(name, n, units, rows, null);
    }

    @Override
    public Optional<GroundTruth> truth() {
        return Optional.of(new GroundTruth.Boltzmann(truth.copy()));
    }

    /** Settings of {@code boltzmann_samples(...)}. */
    public static final class Builder {
        private int units = -1;
        private int n = 1000;
        private Distribution coupling = Distribution.normal(0, 0.3);
        private Distribution field = Distribution.normal(0, 0.1);
        private Domain domain = Domain.SPIN;
        private long seed;

        public Builder units(int v) {
            this.units = v;
            return this;
        }

        public Builder n(int v) {
            this.n = v;
            return this;
        }

        public Builder coupling(Distribution v) {
            this.coupling = v;
            return this;
        }

        public Builder field(Distribution v) {
            this.field = v;
            return this;
        }

        public Builder domain(Domain v) {
            this.domain = v;
            return this;
        }

        public Builder seed(long v) {
            this.seed = v;
            return this;
        }

        public BoltzmannSamplesSource build() {
            if (units < 1) {
                throw new IllegalArgumentException("boltzmann_samples needs units (at least 1)");
            }
            if (units > Enumeration.MAX_UNITS) {
                // Exact samples enumerate every state: the dataset's own limit, said as the dataset's.
                throw new IllegalArgumentException("boltzmann_samples draws exact samples by enumerating 2^" + units
                        + " states, limited to " + Enumeration.MAX_UNITS + " units: give units " + Enumeration.MAX_UNITS
                        + " or fewer");
            }
            if (n < 1) {
                throw new IllegalArgumentException("boltzmann_samples needs n of at least 1");
            }
            if (domain == Domain.REAL) {
                throw new IllegalArgumentException("boltzmann_samples draws spin or binary units");
            }
            return new BoltzmannSamplesSource(this);
        }
    }
}
