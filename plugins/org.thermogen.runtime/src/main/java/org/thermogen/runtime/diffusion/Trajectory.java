package org.thermogen.runtime.diffusion;

/**
 * The path of one sample through the reverse process, for a "denoised step by step" strip:
 * {@code states[k]} is the point before the {@code k}-th reverse step, taken at timestep
 * {@code timesteps[k]}, and {@code predictedX0[k]} the clean point the denoiser inferred
 * there; the last state {@code states[timesteps.length]} is the final sample (timestep 0).
 *
 * @param row         which sample of the batch this is
 * @param timesteps   the timesteps visited, descending, {@code T .. 1} for DDPM
 * @param states      {@code timesteps.length + 1} points
 * @param predictedX0 {@code timesteps.length} points
 */
public record Trajectory(int row, int[] timesteps, double[][] states, double[][] predictedX0) {
}
