package org.thermogen.runtime.mcmc;

import java.util.SplittableRandom;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.model.EnergyFunction;

/**
 * Chooses the single-site kernel for a Boltzmann machine from the pattern of its couplings:
 * <ul>
 * <li>equal couplings and equal fields, few neighbours (an Ising lattice): {@link LatticeChain},
 * tabulated probabilities, units packed in bytes and visited colour by colour;</li>
 * <li>at most a quarter of the couplings non-zero: {@link SparseChain}, local fields updated
 * through neighbour lists, bit-identical with {@link GibbsChain};</li>
 * <li>otherwise {@link GibbsChain}, dense rows ({@link DenseChain} when a chain continues from a
 * given state or runs tempered).</li>
 * </ul>
 * All draw their initial state and every update from the given stream, so a chain is a
 * pure function of its energy and its stream.
 */
public final class Chains {
    /** One rung at temperature 1: a plain chain's ladder (read, never written). */
    static final double[] ROOM = {1.0};

    private Chains() {
    }

    /** A chain at temperature 1 from a uniformly random state drawn from {@code random}. */
    public static SingleSiteChain forPairwise(PairwiseEnergy e, SplittableRandom random) {
        return forPairwise(e, SparseCouplings.of(e), random);
    }

    /**
     * {@link #forPairwise(PairwiseEnergy, SplittableRandom)} with the couplings' pattern already
     * read ({@code c = SparseCouplings.of(e)}): several chains on one energy read it once.
     */
    static SingleSiteChain forPairwise(PairwiseEnergy e, SparseCouplings c, SplittableRandom random) {
        if (c.tabulable()) {
            return new LatticeChain(c, ROOM, random, null);
        }
        if (c.sparse()) {
            return new SparseChain(c, ROOM, random, null);
        }
        return new GibbsChain(e, random);
    }

    /** A chain at temperature 1 on a machine given by its neighbour lists (no dense matrix). */
    public static SingleSiteChain forSparse(SparseCouplings c, SplittableRandom random) {
        return replica(c, ROOM, random, null);
    }

    /**
     * Continues {@code chain} under new parameters (persistent chains in training): the same
     * state and the same stream, with the kernel the new energy calls for. A dense chain that
     * stays dense is retargeted in place, exactly as {@link GibbsChain#retarget} does.
     *
     * @param random the stream {@code chain} was built with
     */
    public static SingleSiteChain continueWith(SingleSiteChain chain, PairwiseEnergy e, SplittableRandom random) {
        SparseCouplings c = SparseCouplings.of(e);
        if (chain instanceof GibbsChain g && !c.tabulable() && !c.sparse()) {
            g.retarget(e);
            return g;
        }
        double[] state = chain.state().clone();
        if (state.length != e.size()) {
            throw new IllegalArgumentException("a chain keeps its units");
        }
        return replica(e, c, ROOM, random, state);
    }

    /** A short name of the kernel {@link #forPairwise} picks, for diagnostics and notes. */
    public static String kernel(SparseCouplings c) {
        if (c.tabulable()) {
            return "lattice heat bath (tabulated local fields)";
        }
        return c.sparse() ? "sparse heat bath (neighbour lists)" : "dense heat bath";
    }

    /** A tempered chain on a machine given by its neighbour lists: tabulated when it can be. */
    static Replica replica(SparseCouplings c, double[] betas, SplittableRandom random, double[] start) {
        if (c.tabulable()) {
            return new LatticeChain(c, betas, random, start);
        }
        return new SparseChain(c, betas, random, start);
    }

    /**
     * A tempered chain on a pairwise energy {@code e} whose non-zero pattern is {@code c}:
     * tabulated, neighbour lists or dense rows, as {@link #forPairwise} chooses.
     */
    static Replica replica(PairwiseEnergy e, SparseCouplings c, double[] betas, SplittableRandom random, double[] start) {
        if (c.tabulable() || c.sparse()) {
            return replica(c, betas, random, start);
        }
        return new DenseChain(e, betas, random, start);
    }

    /** A tempered chain on any energy of binary or spin units. */
    static Replica replica(EnergyFunction f, double[] theta, double[] betas, SplittableRandom random, double[] start) {
        return new GenericReplica(f, theta, betas, random, start);
    }
}
