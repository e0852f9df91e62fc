/**
 * Restricted Boltzmann machines: models whose generated {@code structure()} is
 * {@link BipartiteStructure}, with energy
 * {@code E(v, h) = c0 + a.v^2 - b.v - c.h - v'Wh} (notes 01, section 4).
 *
 * <ul>
 * <li>{@link org.thermogen.runtime.rbm.BlockGibbs}: block Gibbs sampling, a whole layer per
 * draw, many chains batched ({@code gibbs(...)} on a bipartite model).</li>
 * <li>{@link org.thermogen.runtime.rbm.ContrastiveDivergence} ({@code cd(k 1)}) and
 * {@link org.thermogen.runtime.rbm.PersistentContrastiveDivergence}
 * ({@code pcd(k 1, chains 100)}): mini-batch trainers.</li>
 * <li>{@link org.thermogen.runtime.rbm.Estimator}s of {@code ln Z}:
 * {@link org.thermogen.runtime.rbm.ExactPartition} ({@code exact}, the smaller layer
 * enumerated) and {@link org.thermogen.runtime.rbm.Ais} ({@code ais(runs 100, temperatures
 * 10000)}), the {@code method} of {@code log_likelihood} and {@code log_partition}.</li>
 * <li>{@link org.thermogen.runtime.rbm.RbmMetrics}: exact free energy, pseudo-likelihood and
 * reconstruction error over rows, behind the {@code pseudo_likelihood} and
 * {@code reconstruction_error} evaluations.</li>
 * </ul>
 *
 * <p>Randomness comes only from {@link org.thermogen.runtime.run.RunContext#random} streams
 * split once per chain, run or mini-batch position; parallel work runs in a fixed number of
 * pieces combined in order, so every result is bit-identical for any number of threads.
 * Hot loops work on arrays of rows and allocate nothing.
 */
package org.thermogen.runtime.rbm;
