package org.thermogen.runtime.testmodels;

import java.util.List;
import java.util.Optional;
import org.thermogen.runtime.definition.ModelDefinition;
import org.thermogen.runtime.definition.TrainingPlan;
import org.thermogen.runtime.eval.Evaluation;
import org.thermogen.runtime.mixture.CovarianceType;
import org.thermogen.runtime.mixture.MixtureForm;
import org.thermogen.runtime.mixture.MixtureStructure;
import org.thermogen.runtime.model.Constraint;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Init;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.Role;
import org.thermogen.runtime.model.Shape;
import org.thermogen.runtime.model.Structure;
import org.thermogen.runtime.sample.Sampler;

/**
 * {@code model Blobs { observed x[D]; param pi[K] simplex; param mu[K,D]; param Sigma[...] spd;
 * energy -log sum_k pi_k N(x; mu_k, Sigma_k) }} as the generator would declare it: a
 * {@link MixtureStructure} over its parameters, and no energy methods (a mixture is defined
 * by its components; {@code -ln p(x)} is {@code GaussianMixture.logDensity}).
 */
public final class MixtureModel extends ModelDefinition {
    private final ModelSpec spec;
    private final MixtureForm form;
    private final Optional<TrainingPlan> plan;
    private final List<Sampler> samplers;
    private final List<Evaluation> evaluations;

    public MixtureModel(int k, int d, CovarianceType type, TrainingPlan plan, List<Sampler> samplers,
            List<Evaluation> evaluations) {
        double[] sigma = new double[type.size(k, d)];
        switch (type) {
            case FULL -> {
                for (int c = 0; c < k; c++) {
                    for (int i = 0; i < d; i++) {
                        sigma[c * d * d + i * d + i] = 1;
                    }
                }
            }
            case TIED -> {
                for (int i = 0; i < d; i++) {
                    sigma[i * d + i] = 1;
                }
            }
            default -> java.util.Arrays.fill(sigma, 1.0);
        }
        this.spec = ModelSpec.builder("Blobs")
                .source("blobs.gen", 4, "")
                .variable("x", Role.OBSERVED, Domain.REAL, Shape.of(d), false)
                .param("pi", Shape.of(k), Init.constant(1.0 / k), false, Constraint.SIMPLEX)
                .param("mu", Shape.of(k, d), Init.normal(0, 1), false)
                .param("Sigma", type.shape(k, d), Init.values(sigma), false,
                        type == CovarianceType.FULL || type == CovarianceType.TIED ? Constraint.SPD : Constraint.POSITIVE)
                .build();
        this.form = MixtureForm.of(spec, "pi", "mu", "Sigma", type);
        this.plan = Optional.ofNullable(plan);
        this.samplers = List.copyOf(samplers);
        this.evaluations = List.copyOf(evaluations);
    }

    public MixtureForm form() {
        return form;
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public Structure structure() {
        return new MixtureStructure(form);
    }

    @Override
    public Optional<TrainingPlan> training() {
        return plan;
    }

    @Override
    public List<Sampler> samplers() {
        return samplers;
    }

    @Override
    public List<Evaluation> evaluations() {
        return evaluations;
    }
}
