package org.thermogen.runtime.train;

import java.util.SplittableRandom;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.exact.ExactSampling;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.testmodels.FullyVisible;
import org.thermogen.runtime.testmodels.GaussianModel;
import org.thermogen.runtime.testmodels.RandomMachines;

/** Data and models the energy trainers' contract tests share. */
final class EnergyTrainerContracts {
    private EnergyTrainerContracts() {
    }

    /** 2000 exact samples of a random machine on {@code n} units of {@code domain}. */
    static Dataset samples(int n, Domain domain, long seed) {
        PairwiseEnergy truth = RandomMachines.random(n, domain, 0.5, 0.3, seed);
        return new Dataset("D", 2000, n, ExactSampling.draw(truth, 2000, new SplittableRandom(seed)), null);
    }

    static Model spins(int n) {
        return new FullyVisible(n, Domain.SPIN);
    }

    static Model gaussian() {
        return new GaussianModel(2);
    }
}
