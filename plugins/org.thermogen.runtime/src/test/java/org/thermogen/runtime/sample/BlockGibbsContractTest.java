package org.thermogen.runtime.sample;

import org.thermogen.runtime.mcmc.GibbsSampler;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.testmodels.BipartiteMachine;
import org.thermogen.runtime.testmodels.GaussianModel;

/** Gibbs sampling of a restricted Boltzmann machine (block Gibbs), 5 visible and 3 hidden binary units. */
class BlockGibbsContractTest extends SamplerContract {
    private final BipartiteMachine model = new BipartiteMachine(5, 3, Domain.BINARY, Domain.BINARY);

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
        return gaussianTheta(model, 8, 0.8);
    }

    @Override
    Model refused() {
        return new GaussianModel(2);
    }
}
