package org.thermogen.runtime.mcmc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.thermogen.runtime.energy.BipartiteForm;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.energy.PairwiseForm;
import org.thermogen.runtime.model.EnergyFunction;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.rbm.BlockGibbs;
import org.thermogen.runtime.rbm.RbmModel;
import org.thermogen.runtime.run.Parallel;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.ChainDiagnostics;
import org.thermogen.runtime.sample.Sampler;
import org.thermogen.runtime.sample.Samples;
import org.thermogen.runtime.sample.Work;

/**
 * Single-site Gibbs sampling with several chains in parallel ({@code gibbs(chains 8,
 * sweeps 1000, burnin 100, thin 1)}). Each chain starts from a uniformly random state,
 * runs {@code burnin} sweeps, then records one state every {@code thin} sweeps for
 * {@code sweeps} sweeps: {@code chains * sweeps / thin} samples. When a number of samples n
 * is asked for, chain i records {@code n / chains} samples (the first {@code n % chains}
 * chains one more), one every {@code max(thin, sweeps / count)} sweeps after the burn-in.
 * Chain i uses the i-th stream split from {@code context.random("sample")}; samples are
 * concatenated in chain order, so results do not depend on the number of threads.
 * Pairwise energies get the kernel {@link Chains#forPairwise} picks for their couplings
 * (tabulated for lattices, neighbour lists when sparse, dense rows otherwise). A restricted
 * Boltzmann machine is sampled a layer at a time by {@link BlockGibbs} (chain i from its own
 * seed, the i-th number drawn from that stream), with the same chain, burn-in and recording rules: given one layer the other's units are independent, so a sweep
 * is two matrix products instead of one update per unit.
 *
 * <p>Lattices (equal couplings and fields) with enough chains run 64 chains to a word by
 * {@link MultiSpinLattice}: chains split into {@code ceil(chains / 64)} words of nearly equal
 * size, word w on the w-th stream split from {@code context.random("sample")}, the words in
 * parallel. The chains of a word sweep together, so they record every {@code max(thin,
 * sweeps / count)} sweeps with the count of the word's first chain (a chain with one sample
 * fewer stops one recording earlier). The samples are the same in law as one chain at a
 * time, not the same bits.
 */
public final class GibbsSampler implements Sampler {
    /**
     * Ranges of chains (or words) run side by side on this machine: enough for any pool here;
     * each chain depends on its own stream alone, so the grouping changes no bit.
     */
    private static final int LOCAL_PIECES = 64;
    private final int chains;
    private final int sweeps;
    private final int burnin;
    private final int thin;
    /** Where a restricted Boltzmann machine's chains run; null for this machine's threads. */
    private final BlockGibbs.Runner runner;
    /** Where single-site chains of a pairwise energy run; null for this machine's threads. */
    private final SiteChains.Runner sites;

    private GibbsSampler(Builder b) {
        this.chains = b.chains;
        this.sweeps = b.sweeps;
        this.burnin = b.burnin;
        this.thin = b.thin;
        this.runner = null;
        this.sites = null;
    }

    private GibbsSampler(GibbsSampler settings, BlockGibbs.Runner runner, SiteChains.Runner sites) {
        this.chains = settings.chains;
        this.sweeps = settings.sweeps;
        this.burnin = settings.burnin;
        this.thin = settings.thin;
        this.runner = runner;
        this.sites = sites;
    }

    /**
     * The same settings with a restricted Boltzmann machine's chains run by {@code runner} (a
     * cluster's tasks): the same samples to the bit. Other models sample as before.
     */
    public GibbsSampler runningOn(BlockGibbs.Runner runner) {
        return new GibbsSampler(this, java.util.Objects.requireNonNull(runner), sites);
    }

    /**
     * The same settings with the single-site chains of a pairwise energy (a Boltzmann machine
     * that is not a restricted one, a lattice a chain at a time or 64 chains to a word) run by
     * {@code sites} (a cluster's tasks, ranges of chains or of words): the same samples to the
     * bit. Energies that are not pairwise sample here as before.
     */
    public GibbsSampler runningSiteChainsOn(SiteChains.Runner sites) {
        return new GibbsSampler(this, runner, java.util.Objects.requireNonNull(sites));
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "gibbs(chains " + chains + ", sweeps " + sweeps + ", burnin " + burnin + ", thin " + thin + ")";
    }

    /** Independent chains, run side by side: replicas of the system, as an overlap compares them. */
    public int chains() {
        return chains;
    }

    @Override
    public int defaultCount() {
        return Samples.count("gibbs", chains, "sweeps", sweeps, thin);
    }

    @Override
    public Optional<String> workRefusal(ModelOutline model) {
        int units = model.observedUnits() + model.hiddenUnits();
        return Work.refusal("gibbs", (double) chains * ((double) burnin + sweeps) * units, "chains " + chains
                + " x (burnin " + burnin + " + sweeps " + sweeps + ") x " + units + " units", "fewer chains or sweeps");
    }

    @Override
    public Samples sample(Model model, double[] theta, int n, RunContext context) {
        ModelOutline.require(workRefusal(ModelOutline.of(model)));
        ModelSpec spec = model.spec();
        if (model.capability(BipartiteForm.class).isPresent()) {
            return BlockGibbs.sample(model, RbmModel.energy(model, theta), n, chains, sweeps, burnin, thin, runner,
                    context);
        }
        if (!spec.isDiscrete()) {
            throw new IllegalArgumentException(spec.name() + " has real units: gibbs samples binary or spin units");
        }
        int observed = spec.observedSize();
        int[] counts = Samples.perChain(n, chains);
        context.listener().begin("sample " + spec.name(), chains);
        Optional<PairwiseForm> pairwise = model.capability(PairwiseForm.class);
        if (pairwise.isPresent()) {
            PairwiseEnergy eta = new PairwiseEnergy(spec.stateSize(), spec.uniformDomain().orElseThrow());
            pairwise.get().couplings(theta, eta);
            SparseCouplings couplings = SparseCouplings.of(eta);
            int words = MultiSpinLattice.pays(couplings, chains)
                    ? (chains + MultiSpinLattice.MAX_LANES - 1) / MultiSpinLattice.MAX_LANES : 0;
            return pairwise(new SiteChains.Plan(eta, context.seed(), counts, observed, sweeps, burnin, thin, words),
                    couplings, context);
        }
        // Any other energy of binary or spin units, chain c from the c-th stream split from "sample".
        SplittableRandom root = context.random("sample");
        SplittableRandom[] randoms = new SplittableRandom[chains];
        for (int c = 0; c < chains; c++) {
            randoms[c] = root.split();
        }
        EnergyFunction f = model.requireEnergy("gibbs");
        double[] rates = new double[chains];
        double[][] parts = new double[chains][];
        Parallel.forEach(context.pool(), chains, chain -> {
            SingleSiteChain g = new GenericGibbsChain(f, theta, randoms[chain]);
            parts[chain] = SiteChains.record(g, counts[chain], observed, sweeps, burnin, thin);
            rates[chain] = g.flipRate();
        });
        return finish(parts, counts, observed, rates, context);
    }

    /**
     * A pairwise energy's chains (a chain at a time, or 64 to a word on a lattice with enough
     * chains: see the class comment) as {@link SiteChains} runs them: by {@link #sites} when a
     * cluster takes them, else in ranges on this machine's threads. Gathered in chain order.
     */
    private Samples pairwise(SiteChains.Plan plan, SparseCouplings couplings, RunContext context) {
        SiteChains.Run[] runs;
        if (sites != null) {
            runs = sites.run(plan);
            context.listener().note("gibbs: " + chains + " chains" + (plan.words() > 0 ? " (" + plan.words()
                    + " words of up to 64)" : "") + " run in " + runs.length + " ranges by the cluster");
        } else {
            int units = plan.units();
            int pieces = Math.min(units, LOCAL_PIECES);
            runs = new SiteChains.Run[pieces];
            Parallel.forRanges(context.pool(), units, pieces, (p, from, to) -> runs[p] = SiteChains.run(plan, couplings,
                    from, to));
        }
        double[][] parts = new double[chains][];
        double[] rates = new double[plan.units()];
        for (SiteChains.Run run : runs) {
            System.arraycopy(run.parts(), 0, parts, run.chain(), run.parts().length);
            System.arraycopy(run.rates(), 0, rates, run.unit(), run.rates().length);
        }
        return finish(parts, plan.counts(), plan.observed(), rates, context);
    }

    private Samples finish(double[][] parts, int[] counts, int observed, double[] flipShares, RunContext context) {
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        double[] values = Samples.concatenate(parts, n * observed);
        context.listener().step(chains, Map.of());
        context.listener().end();
        double rate = 0;
        for (double f : flipShares) {
            rate += f / chains;
        }
        Map<String, Double> diagnostics = new LinkedHashMap<>();
        diagnostics.put("chains", (double) chains);
        diagnostics.put("flip_rate", rate);
        ChainDiagnostics.of(values, observed, counts).addTo(diagnostics);
        return new Samples(n, observed, values, describe(), diagnostics);
    }

    /** Settings of {@code gibbs(...)}. */
    public static final class Builder {
        private int chains = 8;
        private int sweeps = 1000;
        private int burnin = 100;
        private int thin = 1;

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

        public Builder thin(int v) {
            this.thin = v;
            return this;
        }

        public GibbsSampler build() {
            if (chains < 1 || sweeps < 1 || thin < 1 || burnin < 0) {
                throw new IllegalArgumentException("gibbs needs chains, sweeps and thin of at least 1 and burnin of at least 0");
            }
            return new GibbsSampler(this);
        }
    }
}
