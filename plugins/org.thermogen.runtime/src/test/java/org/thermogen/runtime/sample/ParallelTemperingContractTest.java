package org.thermogen.runtime.sample;

import org.thermogen.runtime.mcmc.Ladder;
import org.thermogen.runtime.mcmc.ParallelTempering;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.testmodels.FullyVisible;
import org.thermogen.runtime.testmodels.GaussianModel;
import org.thermogen.runtime.testmodels.RandomMachines;

/** Replica exchange on a fully visible Boltzmann machine of 6 binary units with strong couplings. */
class ParallelTemperingContractTest extends SamplerContract {
    private final FullyVisible model = new FullyVisible(6, Domain.BINARY);

    @Override
    Sampler sampler() {
        return ParallelTempering.builder().temperatures(Ladder.list(new double[] {1, 1.5, 2.5})).sweeps(20_000)
                .burnin(500).thin(1).build();
    }

    @Override
    Model model() {
        return model;
    }

    @Override
    double[] theta() {
        return model.parametersOf(RandomMachines.random(6, Domain.BINARY, 1.2, 0.5, 9));
    }

    @Override
    Model refused() {
        return new GaussianModel(2);
    }
}
