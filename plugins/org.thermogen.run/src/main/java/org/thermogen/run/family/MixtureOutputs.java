package org.thermogen.run.family;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.thermogen.runtime.mixture.GaussianMixture;
import org.thermogen.runtime.mixture.MixtureStructure;

/** A Gaussian mixture over two units: each component's ellipses on the scatter plot of its samples. */
final class MixtureOutputs implements FamilyOutputs {
    private final Family family;
    private final MixtureStructure structure;

    MixtureOutputs(Family family, MixtureStructure structure) {
        this.family = family;
        this.structure = structure;
    }

    @Override
    public List<Outline> outlines(double[] theta) {
        if (structure.form().dimension() != 2) {
            return List.of();
        }
        GaussianMixture g;
        try {
            g = GaussianMixture.fromTheta(structure.form(), theta);
        } catch (IllegalArgumentException e) {
            family.context().listener().note("samples.png shows no component ellipses: " + e.getMessage());
            return List.of();
        }
        double[] mu = g.means();
        List<Outline> out = new ArrayList<>();
        for (int k = 0; k < g.components(); k++) {
            DMatrixRMaj s = g.covariance(k);
            out.add(new Outline(mu[2 * k], mu[2 * k + 1], s.get(0, 0), s.get(0, 1), s.get(1, 1)));
        }
        return out;
    }
}
