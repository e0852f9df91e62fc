/**
 * Diffusion models (Ho et al. 2020; Song et al. 2021; notes 04, chapter 8).
 *
 * <ul>
 * <li>{@link org.thermogen.runtime.diffusion.NoiseSchedule}: {@code linear},
 * {@code scaled_linear}, {@code quadratic}, {@code sigmoid}, {@code cosine}
 * ({@code squaredcos_cap_v2}) and user {@code beta(t)} schedules with every derived array.
 * Timesteps are {@code t = 1 .. T} throughout (notes 04, errata 8.2.1); arrays are 0-based.</li>
 * <li>{@link org.thermogen.runtime.diffusion.ForwardProcess}: {@code q(x_t | x_{t-1})},
 * {@code q(x_t | x_0)}, the posterior {@code q(x_{t-1} | x_t, x_0)}.</li>
 * <li>{@link org.thermogen.runtime.diffusion.Denoiser} with its
 * {@link org.thermogen.runtime.diffusion.Prediction} type (noise, sample, velocity);
 * {@link org.thermogen.runtime.diffusion.GaussianDenoiser}, the exact one for Gaussian data.</li>
 * <li>{@link org.thermogen.runtime.diffusion.ReverseSampler}s:
 * {@link org.thermogen.runtime.diffusion.Ddpm} ({@code ddpm(variance beta|posterior)}) and
 * {@link org.thermogen.runtime.diffusion.Ddim} ({@code ddim(steps 50, eta 0)}), reproducible
 * per sample whatever the threads, optionally recording one sample's
 * {@link org.thermogen.runtime.diffusion.Trajectory}.</li>
 * <li>{@link org.thermogen.runtime.diffusion.DiffusionModel} (an MLP denoiser reading
 * {@code [x, embed(t)]}) and {@link org.thermogen.runtime.diffusion.DenoiserTraining} (the
 * simplified loss with Adam, clipping and a moving average of the weights).</li>
 * <li>{@link org.thermogen.runtime.eval.SampleDistanceMetric}: MMD and energy distance
 * of samples to data, beside the same figure between two halves of the data.</li>
 * </ul>
 *
 * <p>From data to samples and a figure (the test {@code DiffusionExampleTest} runs this):
 *
 * <pre>{@code
 * RunContext context = RunContext.withSeed(7);
 * Dataset train = MoonsSource.builder().n(2000).noise(0.05).seed(1).build().read(Path.of(""), "Moons.train");
 * Dataset test = MoonsSource.builder().n(1000).noise(0.05).seed(2).build().read(Path.of(""), "Moons.test");
 * DiffusionModel model = DiffusionModel.builder("Moons", 2)
 *         .schedule(NoiseSchedule.cosine(100))
 *         .hidden(64, Activation.SILU).hidden(64, Activation.SILU)
 *         .predicts(Prediction.EPSILON)
 *         .build();
 * TrainingResult trained = DenoiserTraining.builder().epochs(150).batch(128).build()
 *         .train(model, model.initialParameters(context.random("init")), train, context);
 * Denoiser denoiser = model.denoiser(trained.theta());
 * DiffusionSamples samples = new Ddpm(Ddpm.Variance.POSTERIOR).sample(model.schedule(), denoiser, 1000, context, 0);
 * EvaluationResult mmd = SampleDistanceMetric.figure(SampleDistanceMetric.Kind.MMD, samples.toSamples(100),
 *         SampleDistanceMetric.Halves.of(test, 500, context.random("halves")), test.name());
 * // compare mmd.value() +- mmd.standardError() with mmd.details().get("data_halves")
 * double[][] strip = samples.trajectory().predictedX0();          // sample 0 denoised step by step
 * context.close();
 * }</pre>
 */
package org.thermogen.runtime.diffusion;
