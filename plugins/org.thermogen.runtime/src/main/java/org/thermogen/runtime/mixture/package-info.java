/**
 * Gaussian mixtures {@code p(x) = sum_k pi_k N(x; mu_k, Sigma_k)} trained by
 * expectation-maximization (notes 03, "EM for mixture models"; notes 01, section 3), with
 * scikit-learn's {@code GaussianMixture} conventions: from the same start and for the same
 * number of iterations both give the same weights, means, covariances and lower bound (to
 * 1e-8 relative, checked against numbers from {@code releng/bench/gmm_reference.py}).
 *
 * <ul>
 * <li>{@link org.thermogen.runtime.mixture.CovarianceType}: {@code full}, {@code tied},
 * {@code diag}, {@code spherical}; the layout of the covariance parameter and the free
 * parameter count behind BIC and AIC.</li>
 * <li>{@link org.thermogen.runtime.mixture.GaussianMixture}: an immutable mixture:
 * log-densities, responsibilities, sampling, BIC and AIC, to and from theta.</li>
 * <li>{@link org.thermogen.runtime.mixture.ExpectationMaximization}: the fitter
 * ({@code fit(...)}) and the {@link org.thermogen.runtime.train.Trainer}
 * {@code em(max_iter 100, tol 0.001, reg_covar 0.000001, init kmeans)};
 * {@link org.thermogen.runtime.mixture.MixtureFit} its outcome with the log-likelihood per
 * iteration.</li>
 * </ul>
 *
 * <h2>In a generated model</h2>
 * A model declares itself a mixture through {@link MixtureStructure}
 * and a {@link org.thermogen.runtime.model.MixtureForm} naming its parameters; theta holds
 * {@code pi[K]} (simplex), {@code mu[K,D]} and {@code Sigma} shaped by the covariance type
 * ({@code [K,D,D]} spd for {@code full}), each where the {@link org.thermogen.runtime.model.ModelSpec}
 * put it. Then {@code em(...)} trains it, {@code sample with exact} draws from it ancestrally,
 * {@code log_likelihood on D.test} and {@link org.thermogen.runtime.eval.InformationCriterion}
 * ({@code bic on D.train}, {@code aic on D.train}) evaluate it, and {@code samples.png} of a
 * two-unit mixture shows each component's 1- and 2-sigma ellipses.
 *
 * <pre>{@code
 * final class Blobs extends Model {
 *     static final ModelSpec SPEC = ModelSpec.builder("Blobs")
 *             .variable("x", Role.OBSERVED, Domain.REAL, Shape.of(2), false)
 *             .param("pi", Shape.of(3), Init.constant(1.0 / 3), false, Constraint.SIMPLEX)
 *             .param("mu", Shape.of(3, 2), Init.normal(0, 1), false)
 *             .param("Sigma", CovarianceType.FULL.shape(3, 2),
 *                     Init.values(1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1), false, Constraint.SPD)
 *             .build();
 *     static final MixtureForm FORM = MixtureForm.of(SPEC, "pi", "mu", "Sigma", CovarianceType.FULL);
 *
 *     public ModelSpec spec() { return SPEC; }
 *     public Structure structure() { return new MixtureStructure(FORM); }
 *     public double energy(double[] x, double[] theta) {            // -ln p(x): Z = 1
 *         return -GaussianMixture.fromTheta(FORM, theta).logDensity(x, 0);
 *     }
 *     // addParameterGradient and stateGradient as the generator emits them
 * }
 *
 * RunContext context = RunContext.withSeed(42);
 * Dataset data = ...;                                            // rows of 2 values
 * Blobs model = new Blobs();
 * Trainer em = ExpectationMaximization.builder().maxIterations(200).tolerance(1e-4).build();
 * TrainingResult r = em.train(model, model.spec().initialParameters(context.random("init")), data, context);
 * GaussianMixture g = GaussianMixture.fromTheta(Blobs.FORM, r.theta());
 * double[] responsibilities = g.responsibilities(data.values(), data.rows(), context.pool());
 * double bic = g.bic(data.values(), data.rows(), context.pool());
 * context.close();
 * }</pre>
 *
 * <p>Randomness (the k-means++ start, sampling) comes only from the streams given; rows are
 * processed in fixed pieces of 4096 on the context's pool and partial sums combined in order,
 * so results are bit-identical for any number of threads. The passes over the data allocate
 * nothing; for full and tied covariances they work on transposed blocks of 128 rows so that
 * the inner loops run along rows.
 */
package org.thermogen.runtime.mixture;
