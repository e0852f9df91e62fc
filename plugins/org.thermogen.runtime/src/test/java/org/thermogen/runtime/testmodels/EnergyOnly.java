package org.thermogen.runtime.testmodels;

import org.thermogen.runtime.definition.EnergyModel;
import org.thermogen.runtime.model.ModelSpec;

/**
 * Another model's energy and gradients without the structure the generator recognized in it
 * (the default {@code structure()}: generic), so that a test reaches the path every energy
 * takes; a subclass may declare a structure of its own instead.
 */
public class EnergyOnly extends EnergyModel {
    private final EnergyModel inner;

    public EnergyOnly(EnergyModel inner) {
        this.inner = inner;
    }

    @Override
    public ModelSpec spec() {
        return inner.spec();
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
