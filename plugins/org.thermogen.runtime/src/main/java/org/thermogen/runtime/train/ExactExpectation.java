package org.thermogen.runtime.train;

import java.util.concurrent.ForkJoinPool;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.exact.Enumeration;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.run.RunContext;

/** Exact moments by enumerating every state ({@code expectation exact}; at most 24 units). */
public final class ExactExpectation implements Expectation {

    private ExactExpectation() {
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "exact";
    }

    @Override
    public Engine start(ModelSpec spec, RunContext context) {
        Enumeration.checkSize(spec.stateSize());
        ForkJoinPool pool = context.pool();
        return new Engine() {
            private PairwiseEnergy at;

            @Override
            public Enumeration.Moments moments(PairwiseEnergy eta) {
                at = eta.copy();
                return Enumeration.moments(eta, pool);
            }

            @Override
            public void covarianceProduct(PairwiseEnergy v, PairwiseEnergy out) {
                Enumeration.covarianceProduct(at, v, out, pool);
            }

            @Override
            public boolean exact() {
                return true;
            }
        };
    }

    /** {@code exact} has no settings. */
    public static final class Builder {
        public ExactExpectation build() {
            return new ExactExpectation();
        }
    }
}
