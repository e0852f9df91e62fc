package org.thermogen.runtime.train;

import java.util.Optional;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.EnergyFunction;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.testmodels.FullyVisible;

/**
 * Moment matching on an energy it knows only as a function (no pairwise form): the exact
 * gradient by enumeration, steps by sgd with momentum. The machine of 6 spins is seen through
 * its energy alone.
 */
class GenericMomentMatchingContractTest extends SpinTrainerContract {
    private final Model generic = new AsEnergy(new FullyVisible(6, Domain.SPIN));

    GenericMomentMatchingContractTest() {
        super(9);
    }

    @Override
    Trainer trainer() {
        return MomentMatching.builder().optimizer(Sgd.builder().lr(Schedule.constant(0.05))
                .momentum(Schedule.constant(0.5)).build()).epochs(8).build();
    }

    @Override
    Model model() {
        return generic;
    }

    /** A model's energy without its structure: what a generated class with a non-pairwise energy offers. */
    private static final class AsEnergy extends Model implements EnergyFunction {
        private final EnergyFunction inner;

        AsEnergy(EnergyFunction inner) {
            this.inner = inner;
        }

        @Override
        public ModelSpec spec() {
            return inner.spec();
        }

        @Override
        public Optional<EnergyFunction> energyFunction() {
            return Optional.of(this);
        }

        @Override
        public double energy(double[] x, double[] theta) {
            return inner.energy(x, theta);
        }

        @Override
        public void addParameterGradient(double[] x, double[] theta, double scale, double[] grad) {
            inner.addParameterGradient(x, theta, scale, grad);
        }

        @Override
        public void stateGradient(double[] x, double[] theta, double[] gradX) {
            inner.stateGradient(x, theta, gradX);
        }
    }
}
