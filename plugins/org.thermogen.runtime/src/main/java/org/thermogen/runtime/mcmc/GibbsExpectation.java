package org.thermogen.runtime.mcmc;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.exact.Enumeration;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.run.Parallel;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.train.Expectation;

/**
 * Moments from persistent Gibbs chains ({@code expectation gibbs(chains 16, sweeps 20,
 * burnin 10)}): the chains carry over from one gradient step to the next, so each step
 * needs only a few sweeps; a training run starts them fresh, from its own random stream.
 * Each step continues every chain with the kernel {@link Chains#continueWith} picks for the
 * current couplings (dense rows, neighbour lists, or tabulated fields for lattices).
 */
public final class GibbsExpectation implements Expectation {
    private final int chains;
    private final int sweeps;
    private final int burnin;

    private GibbsExpectation(Builder b) {
        this.chains = b.chains;
        this.sweeps = b.sweeps;
        this.burnin = b.burnin;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "gibbs(chains " + chains + ", sweeps " + sweeps + ", burnin " + burnin + ")";
    }

    @Override
    public Engine start(ModelSpec spec, RunContext context) {
        return new ChainEngine(spec.stateSize(), context);
    }

    private final class ChainEngine implements Engine {
        private final int n;
        private final RunContext context;
        private final SplittableRandom root;
        private final List<SingleSiteChain> live = new ArrayList<>();
        /** Chain c's stream, kept so that a chain rebuilt for a sparser energy continues it. */
        private final List<SplittableRandom> streams = new ArrayList<>();
        /** Every recorded state of the last step: chains * sweeps rows. */
        private final double[] states;
        private RecordedMoments recorded;
        /** The chains' states a saved run left, rebuilt on the next call; null otherwise. */
        private double[][] saved;
        /** Set by {@link #reseed}: the next call rebuilds every chain on its new stream. */
        private boolean reseeded;

        ChainEngine(int n, RunContext context) {
            this.n = n;
            this.context = context;
            this.root = context.random("train.chains");
            this.states = new double[chains * sweeps * n];
        }

        @Override
        public Enumeration.Moments moments(PairwiseEnergy current) {
            boolean first = live.isEmpty() && saved == null;
            if (first) {
                for (int c = 0; streams.size() < chains; c++) {
                    streams.add(root.split());
                }
                SparseCouplings couplings = SparseCouplings.of(current);
                for (int c = 0; c < chains; c++) {
                    live.add(Chains.forPairwise(current, couplings, streams.get(c)));
                }
            } else if (reseeded || saved != null) {
                // Each chain from where it stood, on its stream for this epoch: the same kernel for the
                // same energy whether the run went on or was continued from a saved state.
                SparseCouplings couplings = SparseCouplings.of(current);
                for (int c = 0; c < chains; c++) {
                    double[] state = saved != null ? saved[c] : live.get(c).state().clone();
                    SingleSiteChain chain = Chains.replica(current, couplings, Chains.ROOM, streams.get(c), state);
                    if (c < live.size()) {
                        live.set(c, chain);
                    } else {
                        live.add(chain);
                    }
                }
                saved = null;
                reseeded = false;
            }
            Parallel.forEach(context.pool(), chains, c -> {
                SingleSiteChain chain = first ? live.get(c) : Chains.continueWith(live.get(c), current, streams.get(c));
                live.set(c, chain);
                int offset = c * sweeps * n;
                for (int i = 0; first && i < burnin; i++) {
                    chain.sweep();
                }
                for (int r = 0; r < sweeps; r++) {
                    chain.sweep();
                    System.arraycopy(chain.state(), 0, states, offset + r * n, n);
                }
            });
            recorded = RecordedMoments.of(states, chains * sweeps, n);
            return recorded.moments();
        }

        @Override
        public void covarianceProduct(PairwiseEnergy v, PairwiseEnergy out) {
            recorded.covarianceProduct(states, chains * sweeps, v, out);
        }

        @Override
        public boolean exact() {
            return false;
        }

        /** Where each chain stands, then every state recorded by the last call. */
        @Override
        public double[] state() {
            double[] s = new double[chains * n + states.length];
            for (int c = 0; c < live.size(); c++) {
                System.arraycopy(live.get(c).state(), 0, s, c * n, n);
            }
            System.arraycopy(states, 0, s, chains * n, states.length);
            return s;
        }

        @Override
        public Enumeration.Moments restore(double[] state) {
            if (state.length != chains * n + states.length) {
                throw new IllegalArgumentException("the saved run's gibbs state has " + state.length + " values, not "
                        + (chains * n + states.length) + ": it ran with other chains or sweeps");
            }
            saved = new double[chains][];
            for (int c = 0; c < chains; c++) {
                saved[c] = java.util.Arrays.copyOfRange(state, c * n, (c + 1) * n);
            }
            System.arraycopy(state, chains * n, states, 0, states.length);
            recorded = RecordedMoments.of(states, chains * sweeps, n);
            return recorded.moments();
        }

        @Override
        public void reseed(SplittableRandom random) {
            streams.clear();
            for (int c = 0; c < chains; c++) {
                streams.add(random.split());
            }
            reseeded = true;
        }
    }

    /** Settings of {@code gibbs(...)} as an expectation. */
    public static final class Builder {
        private int chains = 16;
        private int sweeps = 20;
        private int burnin = 10;

        public Builder chains(int v) {
            this.chains = v;
            return this;
        }

        public Builder sweeps(int v) {
            this.sweeps = v;
            return this;
        }

        public Builder burnin(int v) {
            this.burnin = v;
            return this;
        }

        public GibbsExpectation build() {
            if (chains < 1 || sweeps < 1 || burnin < 0) {
                throw new IllegalArgumentException("gibbs needs chains and sweeps of at least 1 and burnin of at least 0");
            }
            return new GibbsExpectation(this);
        }
    }
}
