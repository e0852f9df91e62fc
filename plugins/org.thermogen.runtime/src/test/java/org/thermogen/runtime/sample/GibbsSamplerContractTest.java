package org.thermogen.runtime.sample;

import org.thermogen.runtime.mcmc.GibbsSampler;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.testmodels.FullyVisible;
import org.thermogen.runtime.testmodels.GaussianModel;
import org.thermogen.runtime.testmodels.RandomMachines;

/** Single-site Gibbs sampling on a fully visible Boltzmann machine of 6 spins. */
class GibbsSamplerContractTest extends SamplerContract {
    private final FullyVisible model = new FullyVisible(6, Domain.SPIN);

    @Override
    Sampler sampler() {
        return GibbsSampler.builder().chains(8).sweeps(2500).burnin(200).thin(1).build();
    }

    @Override
    Model model() {
        return model;
    }

    @Override
    double[] theta() {
        return model.parametersOf(RandomMachines.random(6, Domain.SPIN, 0.5, 0.3, 4));
    }

    @Override
    Model refused() {
        return new GaussianModel(2);
    }
}
