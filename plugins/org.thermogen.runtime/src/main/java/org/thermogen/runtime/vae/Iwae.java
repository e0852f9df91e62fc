package org.thermogen.runtime.vae;

import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.rbm.Estimator;
import org.thermogen.runtime.run.RunContext;

/**
 * {@code log_likelihood(iwae(k 500)) on Digits.test}: the importance-weighted bound
 * {@code E[ln (1/K) sum_k p(x, z_k) / q(z_k | x)]} (Burda et al. 2016) of a VAE's
 * log-likelihood, tighter than the ELBO and approaching {@code ln p(x)} as {@code K} grows.
 * It is the VAE counterpart of the {@code method} of {@code log_likelihood}; it has no
 * partition function to estimate.
 */
public final class Iwae implements Estimator {
    private final int k;

    private Iwae(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("iwae needs k of at least 1, not " + k);
        }
        this.k = k;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Importance samples per data row. */
    public int k() {
        return k;
    }

    @Override
    public String describe() {
        return "iwae(k " + k + ")";
    }

    /** @throws IllegalArgumentException always: a VAE's likelihood needs no ln Z, and an RBM's is not a VAE's */
    @Override
    public Estimate logPartition(BipartiteEnergy energy, Dataset data, RunContext context) {
        throw new IllegalArgumentException("iwae bounds the log-likelihood of VAEs; for ln Z of an RBM use exact or ais");
    }

    /** Settings of {@code iwae(k 500)}. */
    public static final class Builder {
        private int k = 500;

        private Builder() {
        }

        public Builder k(int v) {
            this.k = v;
            return this;
        }

        public Iwae build() {
            return new Iwae(k);
        }
    }
}
