package org.thermogen.runtime.train;

import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.exact.Enumeration;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.run.RunContext;

/**
 * How a trainer obtains the model's expectations: exactly by enumeration, or from Markov
 * chains. Settings objects are immutable; {@link #start} creates the state of one training
 * run (persistent chains, for instance).
 */
public interface Expectation {

    /** The expectation in .gen syntax. */
    String describe();

    /** A fresh engine for one training run. */
    Engine start(ModelSpec spec, RunContext context);

    /** The state of one training run. Not thread-safe. */
    interface Engine {

        /** Moments of {@code q(s) = exp(-E(s)) / Z} at {@code eta}; {@code ln Z} is NaN unless exact. */
        Enumeration.Moments moments(PairwiseEnergy eta);

        /**
         * {@code Cov(phi) v} at the parameters of the last {@link #moments} call, written into
         * {@code out} (the Hessian of {@code ln Z} applied to {@code v}).
         */
        void covarianceProduct(PairwiseEnergy v, PairwiseEnergy out);

        /** True if the moments are exact, so the objective can be checked at each step. */
        boolean exact();
    }
}
