package org.thermogen.runtime.sample;

import org.thermogen.runtime.exact.ExactSampler;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.testmodels.BipartiteMachine;

/**
 * Exact sampling of a restricted Boltzmann machine by enumerating its smaller layer (the
 * {@link ExactDraws} capability); a machine with real visible units and 30 hidden ones is
 * beyond every exact method.
 */
class ExactSamplerContractTest extends SamplerContract {
    private final BipartiteMachine model = new BipartiteMachine(5, 3, Domain.SPIN, Domain.BINARY);

    @Override
    Sampler sampler() {
        return ExactSampler.builder().build();
    }

    @Override
    Model model() {
        return model;
    }

    @Override
    double[] theta() {
        return gaussianTheta(model, 21, 0.8);
    }

    @Override
    Model refused() {
        return new org.thermogen.runtime.testmodels.FullyVisible(30, Domain.SPIN);
    }
}
