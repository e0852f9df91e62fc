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

        /**
         * What the engine carries from one {@link #moments} call to the next (a warm start, the
         * chains' states, the states recorded last), for a saved run; empty if its moments
         * depend on the energy alone.
         */
        default double[] state() {
            return new double[0];
        }

        /**
         * Takes back, in a fresh engine, what {@link #state} gave, and returns the moments its
         * last call returned (null if they are to be computed again from the energy).
         *
         * @throws IllegalArgumentException if the state is not one of this engine's
         */
        default Enumeration.Moments restore(double[] state) {
            if (state.length != 0) {
                throw new IllegalArgumentException("the saved run's expectation carried " + state.length
                        + " values; this one carries none");
            }
            return null;
        }

        /**
         * Draws from streams split from {@code random} from now on: a trainer hands each epoch
         * its own stream, so that a continued run draws what an unstopped one would.
         */
        default void reseed(java.util.SplittableRandom random) {
        }
    }
}
