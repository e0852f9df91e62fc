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

/**
 * The trainer contract on a fully visible Boltzmann machine of 6 spins, trained on 2000
 * exact samples of a random one; a Gaussian is the model it must refuse.
 */
abstract class SpinTrainerContract extends TrainerContract {
    private final Model model = new FullyVisible(6, Domain.SPIN);
    private final Dataset data;

    /** @param seed of the random machine and its samples */
    SpinTrainerContract(long seed) {
        this.data = samples(6, Domain.SPIN, seed);
    }

    @Override
    Model model() {
        return model;
    }

    @Override
    Dataset data() {
        return data;
    }

    @Override
    Model refused() {
        return new GaussianModel(2);
    }

    /** 2000 exact samples of a random machine on {@code n} units of {@code domain}. */
    static Dataset samples(int n, Domain domain, long seed) {
        PairwiseEnergy truth = RandomMachines.random(n, domain, 0.5, 0.3, seed);
        return new Dataset("D", 2000, n, ExactSampling.draw(truth, 2000, new SplittableRandom(seed)), null);
    }
}
