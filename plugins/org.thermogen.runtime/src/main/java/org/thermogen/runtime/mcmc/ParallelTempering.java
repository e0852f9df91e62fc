package org.thermogen.runtime.mcmc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.energy.PairwiseForm;
import org.thermogen.runtime.exact.Enumeration;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.EnergyFunction;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.run.Parallel;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.ChainDiagnostics;
import org.thermogen.runtime.sample.Sampler;
import org.thermogen.runtime.sample.Samples;
import org.thermogen.runtime.sample.Work;
import org.thermogen.runtime.train.Expectation;

/**
 * Replica exchange Monte Carlo ({@code parallel_tempering(temperatures geometric(1, 3.5, 16),
 * sweeps 20000, burnin 1000, thin 1, swap_every 1)}): one single-site heat-bath chain per
 * temperature {@code T_k} of a {@link Ladder}, replica k sampling {@code exp(-E(s) / T_k)}.
 * Every {@code swap_every} sweeps, neighbouring temperatures try to exchange their
 * configurations, accepted with probability
 * {@code min(1, exp((b_k - b_{k+1}) (E_k - E_{k+1})))} ({@code b = 1/T}, {@code E_k} the
 * energy of the configuration at {@code T_k}), which leaves the product of the tempered
 * distributions invariant; hot replicas cross barriers and pass their configurations down,
 * so the cold ones switch between modes that a single chain would stay in. Swap rounds
 * alternate between the pairs {@code (0,1), (2,3), ...} and {@code (1,2), (3,4), ...}.
 * The acceptance rate of each pair is reported as {@code swap_rate_<k>}.
 *
 * <p>As a {@link Sampler} it returns the configurations at temperature 1 (or at the
 * temperature closest to 1, with a note to the listener): {@code sweeps / thin} of them by
 * default, recorded every {@code thin} sweeps after {@code burnin}; for {@code n} samples,
 * one every {@code max(thin, sweeps / n)} sweeps. As an {@link Expectation} for
 * {@code moment_matching} it keeps its replicas from one gradient step to the next, runs
 * {@code burnin} sweeps before the first step and {@code sweeps} in each, and takes the
 * moments from the {@code sweeps / thin} configurations recorded at temperature 1 (which the
 * ladder must then contain). {@link #measure} gives energy and magnetization at every
 * temperature with batch-means standard errors.
 *
 * <p>Pairwise energies run on {@link Chains}' kernels (tabulated for lattices, neighbour
 * lists otherwise); any other energy of binary or spin units runs, more slowly, on two
 * energy evaluations per update. Replicas run in parallel between swap rounds. Replica i
 * draws from the i-th stream split from {@code context.random("sample")} (or
 * {@code "train.tempering"} as an expectation) and the swaps from the stream split after
 * them, on the calling thread; a replica's sweeps depend only on its own stream and its
 * temperatures, so results are bit-identical for any number of threads.
 *
 * <p>{@code ladders L} runs L independent ladders, ladder 0 on the stream above and ladder
 * {@code l} on {@code context.random("sample.ladder" + l)}: the samples are the ladders' cold
 * chains one after another ({@code n / L} each, by default {@code sweeps / thin}, one every
 * {@code max(thin, sweeps / count)} sweeps, as {@code gibbs} chains), with split R-hat and effective sample size
 * across them, so that a ladder stuck in one mode shows; {@link #measure} pools their batches.
 * Ladders are independent work: {@link #runningLaddersOn} hands them to a cluster's tasks, the
 * same samples and figures to the bit. {@code ladders 1} is the single ladder above.
 *
 * <p>Defaults: {@code temperatures geometric(1, 3, 8)}, {@code sweeps 10000},
 * {@code burnin 1000}, {@code thin 1}, {@code swap_every 1}, {@code ladders 1}.
 */
public final class ParallelTempering implements Sampler, Expectation, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Batches for the standard errors of {@link #measure}. */
    public static final int BATCHES = 20;
    /** Progress reports per run at most. */
    private static final int REPORTS = 100;
    /**
     * Unit updates between swap rounds below which the replicas run on the calling thread:
     * handing work to the pool and waiting for it costs several microseconds, as much as
     * some thousands of updates.
     */
    private static final long PARALLEL_WORK = 32_768;

    private final Ladder ladder;
    private final int sweeps;
    private final int burnin;
    private final int thin;
    private final int swapEvery;
    private final int ladders;
    /** Where the ladders run; null: here, one after another (a task's copy runs its own here). */
    private final transient LadderRunner runner;

    private ParallelTempering(Builder b) {
        this.ladder = b.temperatures;
        this.sweeps = b.sweeps;
        this.burnin = b.burnin;
        this.thin = b.thin;
        this.swapEvery = b.swapEvery;
        this.ladders = b.ladders;
        this.runner = null;
    }

    private ParallelTempering(ParallelTempering settings, LadderRunner runner) {
        this.ladder = settings.ladder;
        this.sweeps = settings.sweeps;
        this.burnin = settings.burnin;
        this.thin = settings.thin;
        this.swapEvery = settings.swapEvery;
        this.ladders = settings.ladders;
        this.runner = runner;
    }

    /**
     * The same settings with the ladders of {@link #sample} and {@link #measure} run by
     * {@code runner} (a cluster's tasks): the same samples and figures to the bit.
     */
    public ParallelTempering runningLaddersOn(LadderRunner runner) {
        return new ParallelTempering(this, java.util.Objects.requireNonNull(runner));
    }

    /** Independent ladders of a run ({@code ladders}). */
    public int ladders() {
        return ladders;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "parallel_tempering(temperatures " + ladder.describe() + ", sweeps " + sweeps + ", burnin " + burnin
                + ", thin " + thin + ", swap_every " + swapEvery + (ladders > 1 ? ", ladders " + ladders : "") + ")";
    }

    public Ladder temperatures() {
        return ladder;
    }

    @Override
    public int defaultCount() {
        return ladders * perLadder();
    }

    /** The configurations one ladder records at {@code thin}: {@code sweeps / thin}. */
    private int perLadder() {
        return Math.max(1, sweeps / thin);
    }

    // ------------------------------------------------------------------ sampling

    @Override
    public Optional<String> workRefusal(ModelOutline model) {
        int units = model.observedUnits() + model.hiddenUnits();
        return Work.refusal("parallel_tempering", (double) ladders * ladder.size() * ((double) burnin + sweeps) * units,
                (ladders > 1 ? ladders + " ladders x " : "") + ladder.size() + " temperatures x (burnin " + burnin
                        + " + sweeps " + sweeps + ") x " + units + " units",
                ladders > 1 ? "fewer ladders, temperatures or sweeps" : "fewer temperatures or sweeps");
    }

    @Override
    public Samples sample(Model model, double[] theta, int n, RunContext context) {
        ModelOutline.require(workRefusal(ModelOutline.of(model)));
        ModelSpec spec = model.spec();
        check(spec);
        int target = ladder.closestToOne();
        if (ladder.temperature(target) != 1.0) {
            context.listener().note(spec.name() + ": " + ladder.describe() + " has no temperature 1; the samples come from"
                    + " T = " + Ladder.number(ladder.temperature(target)) + ", the closest");
        }
        int observed = spec.observedSize();
        int[] counts = Samples.perChain(n, ladders);
        LadderRun[] runs = run(model, theta, new LadderWork(context.seed(), counts, false), context);
        double[][] parts = new double[ladders][];
        for (int l = 0; l < ladders; l++) {
            parts[l] = runs[l].states();
        }
        double[] states = Samples.concatenate(parts, n * observed);
        Map<String, Double> diagnostics = new LinkedHashMap<>();
        diagnostics.put("replicas", (double) ladder.size());
        if (ladders > 1) {
            diagnostics.put("ladders", (double) ladders);
        }
        diagnostics.put("temperature", ladder.temperature(target));
        diagnostics.put("flip_rate", flipRate(runs));
        double[] rates = swapRates(runs);
        for (int k = 0; k < rates.length; k++) {
            diagnostics.put("swap_rate_" + k, rates[k]);
        }
        // One chain per ladder, at the temperature closest to 1: split R-hat compares their halves.
        diagnostics.put("chains", (double) ladders);
        ChainDiagnostics.of(states, observed, counts).addTo(diagnostics);
        return new Samples(n, observed, states, describe(), diagnostics);
    }

    /** The ladders of a run, by the runner or here, one after another. */
    private LadderRun[] run(Model model, double[] theta, LadderWork work, RunContext context) {
        if (runner != null) {
            LadderRun[] runs = runner.run(this, model, theta, work, context);
            if (runs.length != ladders) {
                throw new IllegalStateException("the ladder runner returned " + runs.length + " ladders, not " + ladders);
            }
            return runs;
        }
        LadderRun[] runs = new LadderRun[ladders];
        for (int l = 0; l < ladders; l++) {
            String task = (work.measuring() ? "measure " : "sample ") + model.spec().name() + " (parallel tempering"
                    + (ladders > 1 ? ", ladder " + (l + 1) + " of " + ladders : "") + ")";
            runs[l] = runLadder(model, theta, work, l, context, context.listener(), task);
        }
        return runs;
    }

    /**
     * Runs ladder {@code l} of {@code work} on {@code model} at {@code theta}: what
     * {@link #sample} and {@link #measure} run for each ladder, and what a cluster's task runs
     * for its ladders ({@code context} gives the threads of the replicas; its seed is not used:
     * the work's is). Progress goes to {@code listener} under {@code task} (null: none).
     */
    public LadderRun runLadder(Model model, double[] theta, LadderWork work, int l, RunContext context,
            ProgressListener listener, String task) {
        if (l < 0 || l >= work.counts().length) {
            throw new IllegalArgumentException("ladder " + l + " of " + work.counts().length);
        }
        if (!work.measuring() && work.counts()[l] == 0) {
            // Fewer samples than ladders: this one has none to record, so it does not run.
            int pairs = Math.max(0, ladder.size() - 1);
            return new LadderRun(new double[0], null, null, null, new long[0], new long[pairs], new long[pairs],
                    Double.NaN);
        }
        SplittableRandom root = RunContext.random(work.seed(), l == 0 ? "sample" : "sample.ladder" + l);
        Ensemble ensemble = ensemble(model, theta, root);
        Recording rec = work.measuring()
                ? new Recording(perLadder(), thin, ladder.closestToOne(), 0, true)
                : new Recording(work.counts()[l], Math.max(thin, sweeps / Math.max(1, work.counts()[l])),
                        ladder.closestToOne(), model.spec().observedSize(), false);
        ensemble.run(burnin, rec, context, listener, task);
        return new LadderRun(rec.states, rec.energy, rec.magnetization, rec.absolute, rec.batchSize,
                ensemble.attempts.clone(), ensemble.accepted.clone(), ensemble.flipRate());
    }

    /** Swap acceptance of each pair of neighbouring temperatures, over every ladder's attempts. */
    private static double[] swapRates(LadderRun[] runs) {
        double[] rates = new double[runs[0].attempts().length];
        for (int k = 0; k < rates.length; k++) {
            long attempts = 0;
            long accepted = 0;
            for (LadderRun r : runs) {
                attempts += r.attempts()[k];
                accepted += r.accepted()[k];
            }
            rates[k] = attempts == 0 ? 0.0 : (double) accepted / attempts;
        }
        return rates;
    }

    /** The flip rates of the ladders that ran, averaged (each runs the same sweeps but for a record's). */
    private static double flipRate(LadderRun[] runs) {
        double sum = 0;
        int ran = 0;
        for (LadderRun r : runs) {
            if (!Double.isNaN(r.flipRate())) {
                sum += r.flipRate();
                ran++;
            }
        }
        return ran == 0 ? Double.NaN : sum / ran;
    }

    /**
     * What the ladders of one run share: the run's seed (each ladder's stream is drawn from it
     * as {@link #runLadder} says), the samples each ladder records at the temperature closest
     * to 1 (when sampling), and whether the run measures every temperature instead.
     */
    public record LadderWork(long seed, int[] counts, boolean measuring) implements java.io.Serializable {
        /** Ladders in the run. */
        public int ladders() {
            return counts.length;
        }
    }

    /**
     * What one ladder recorded (nothing, and a NaN flip rate, for a ladder given no samples to
     * record): its samples at the temperature closest to 1 (when sampling), or
     * per temperature and batch the sums of energy, unit sum and |unit sum| and the batches'
     * sizes (when measuring); its swap attempts and acceptances per pair; its flip rate.
     */
    public record LadderRun(double[] states, double[][] energy, double[][] magnetization, double[][] absolute,
            long[] batchSize, long[] attempts, long[] accepted, double flipRate) implements java.io.Serializable {
    }

    /** Where the ladders of a run go: {@link #runningLaddersOn}. */
    @FunctionalInterface
    public interface LadderRunner {
        /**
         * Every ladder of {@code work}, in order, each as {@code sampler.runLadder(model, theta,
         * work, l, ...)} gives it.
         */
        LadderRun[] run(ParallelTempering sampler, Model model, double[] theta, LadderWork work, RunContext context);
    }

    /**
     * Runs the sampler's {@code burnin + sweeps} sweeps and averages, at every temperature,
     * the energy, magnetization and absolute magnetization per unit over the
     * {@code sweeps / thin} recorded configurations, with standard errors from
     * {@link #BATCHES} batch means (fewer if fewer configurations are recorded). Uses the
     * stream {@code context.random("sample")}, like {@link #sample}.
     */
    public Measurement measure(Model model, double[] theta, RunContext context) {
        check(model.spec());
        LadderRun[] runs = run(model, theta, new LadderWork(context.seed(), new int[ladders], true), context);
        // The ladders' batches side by side: L times the records and the batches behind each error
        // (one ladder: its own recording).
        int batches = runs[0].batchSize().length;
        Recording pooled = new Recording(ladders * perLadder(), thin, ladder.closestToOne(), 0, true,
                ladders * batches);
        int rungs = ladder.size();
        pooled.energy = new double[rungs][ladders * batches];
        pooled.magnetization = new double[rungs][ladders * batches];
        pooled.absolute = new double[rungs][ladders * batches];
        for (int l = 0; l < ladders; l++) {
            LadderRun r = runs[l];
            System.arraycopy(r.batchSize(), 0, pooled.batchSize, l * batches, batches);
            for (int k = 0; k < rungs; k++) {
                System.arraycopy(r.energy()[k], 0, pooled.energy[k], l * batches, batches);
                System.arraycopy(r.magnetization()[k], 0, pooled.magnetization[k], l * batches, batches);
                System.arraycopy(r.absolute()[k], 0, pooled.absolute[k], l * batches, batches);
            }
        }
        return pooled.measurement(ladder, swapRates(runs), model.spec().stateSize(), sweeps);
    }

    /** Refused before any ladder runs (on a cluster, before any task starts). */
    private static void check(ModelSpec spec) {
        if (!spec.isDiscrete()) {
            throw new IllegalArgumentException(spec.name() + " has real units: parallel_tempering samples binary or spin"
                    + " units");
        }
    }

    private Ensemble ensemble(Model model, double[] theta, SplittableRandom root) {
        ModelSpec spec = model.spec();
        check(spec);
        double[] betas = betas();
        Optional<PairwiseForm> pairwise = model.capability(PairwiseForm.class);
        if (pairwise.isPresent() && spec.uniformDomain().isPresent()) {
            PairwiseEnergy eta = new PairwiseEnergy(spec.stateSize(), spec.uniformDomain().get());
            pairwise.get().couplings(theta, eta);
            SparseCouplings c = SparseCouplings.of(eta);
            return new Ensemble((random, start) -> Chains.replica(eta, c, betas, random, start), root);
        }
        double[] at = theta.clone();
        EnergyFunction f = model.requireEnergy("replica_exchange");
        return new Ensemble((random, start) -> Chains.replica(f, at, betas, random, start), root);
    }

    private double[] betas() {
        double[] betas = new double[ladder.size()];
        for (int k = 0; k < betas.length; k++) {
            betas[k] = 1.0 / ladder.temperature(k);
        }
        return betas;
    }

    // ------------------------------------------------------------------ as an expectation

    @Override
    public Engine start(ModelSpec spec, RunContext context) {
        if (ladders != 1) {
            throw new IllegalArgumentException("parallel_tempering as an expectation keeps one ladder from step to step,"
                    + " not " + ladders);
        }
        int target = ladder.closestToOne();
        if (ladder.temperature(target) != 1.0) {
            throw new IllegalArgumentException("parallel_tempering as an expectation takes its moments at temperature 1;"
                    + " put 1 in its ladder, e.g. temperatures geometric(1, 3, 8), not " + ladder.describe());
        }
        Domain domain = spec.uniformDomain().orElseThrow(
                () -> new IllegalArgumentException(spec.name() + " mixes binary and spin units"));
        return new TemperingEngine(spec.stateSize(), domain, target, context);
    }

    /** Persistent replicas across gradient steps; moments from the states recorded at T = 1. */
    private final class TemperingEngine implements Engine {
        private final int n;
        private final Domain domain;
        private final int target;
        private final RunContext context;
        private final SplittableRandom root;
        private final double[] betas = betas();
        private final int rows = perLadder();
        private Ensemble ensemble;
        private double[] states;
        private RecordedMoments recorded;
        /** A saved run's replicas (see {@link #state}), built on the next call; null otherwise. */
        private double[] saved;
        /** The stream {@link #reseed} gave before the ensemble exists again; null otherwise. */
        private SplittableRandom epoch;

        TemperingEngine(int n, Domain domain, int target, RunContext context) {
            this.n = n;
            this.domain = domain;
            this.target = target;
            this.context = context;
            this.root = context.random("train.tempering");
        }

        @Override
        public Enumeration.Moments moments(PairwiseEnergy eta) {
            if (eta.size() != n || eta.domain() != domain) {
                throw new IllegalArgumentException("the energy changed its units between steps");
            }
            // The trainer reuses its eta between steps; the dense kernel reads its own copy.
            PairwiseEnergy own = eta.copy();
            SparseCouplings c = SparseCouplings.of(own);
            Ensemble.Factory factory = (random, start) -> Chains.replica(own, c, betas, random, start);
            boolean first = ensemble == null && saved == null;
            if (first) {
                ensemble = new Ensemble(factory, root);
            } else if (ensemble == null) {
                ensemble = new Ensemble(factory, epoch != null ? epoch : root, saved, rows * n);
                saved = null;
                epoch = null;
            } else {
                ensemble.rebuild(factory);
            }
            Recording rec = new Recording(rows, thin, target, n, false);
            ensemble.run(first ? burnin : 0, rec, context, ProgressListener.NONE, null);
            states = rec.states;
            recorded = RecordedMoments.of(states, rows, n);
            return recorded.moments();
        }

        /** {@code E[phi u] - E[phi] E[u]} over the recorded states, {@code u = phi . v}. */
        @Override
        public void covarianceProduct(PairwiseEnergy v, PairwiseEnergy out) {
            recorded.covarianceProduct(states, rows, v, out);
        }

        /** The states recorded by the last call, then the replicas (states, rungs, swap parity). */
        @Override
        public double[] state() {
            double[] replicas = ensemble.state();
            double[] s = new double[rows * n + replicas.length];
            System.arraycopy(states, 0, s, 0, rows * n);
            System.arraycopy(replicas, 0, s, rows * n, replicas.length);
            return s;
        }

        @Override
        public Enumeration.Moments restore(double[] state) {
            int r = ladder.size();
            if (state.length != rows * n + r * n + r + 1) {
                throw new IllegalArgumentException("the saved run's parallel_tempering state has " + state.length
                        + " values, not " + (rows * n + r * n + r + 1) + ": it ran with other temperatures or sweeps");
            }
            states = java.util.Arrays.copyOf(state, rows * n);
            saved = state.clone();
            recorded = RecordedMoments.of(states, rows, n);
            return recorded.moments();
        }

        @Override
        public void reseed(SplittableRandom random) {
            if (ensemble != null) {
                ensemble.reseed(random);
            } else {
                epoch = random;
            }
        }

        @Override
        public boolean exact() {
            return false;
        }
    }

    // ------------------------------------------------------------------ the replicas

    /** What one run records: configurations at one temperature, or figures at all of them. */
    private static final class Recording {
        final int count;
        final int every;
        final int target;
        final int width;
        final double[] states;
        final boolean measuring;
        final int batches;
        /** Per rung and batch: sums of energy, unit sum and |unit sum|, and the records. */
        double[][] energy;
        double[][] magnetization;
        double[][] absolute;
        final long[] batchSize;

        Recording(int count, int every, int target, int width, boolean measuring) {
            this(count, every, target, width, measuring, Math.min(BATCHES, count));
        }

        Recording(int count, int every, int target, int width, boolean measuring, int batches) {
            this.count = count;
            this.every = every;
            this.target = target;
            this.width = width;
            this.states = width > 0 ? new double[count * width] : null;
            this.measuring = measuring;
            this.batches = batches;
            this.batchSize = new long[batches];
        }

        int batch(int index) {
            return (int) ((long) index * batches / count);
        }

        Measurement measurement(Ladder ladder, double[] swapRates, int units, int sweeps) {
            int rungs = ladder.size();
            double[][] means = new double[3][rungs];
            double[][] errors = new double[3][rungs];
            double[][][] sums = {energy, magnetization, absolute};
            for (int o = 0; o < 3; o++) {
                for (int r = 0; r < rungs; r++) {
                    double total = 0;
                    for (int b = 0; b < batches; b++) {
                        total += sums[o][r][b];
                    }
                    double mean = total / count / units;
                    double sq = 0;
                    for (int b = 0; b < batches; b++) {
                        double d = sums[o][r][b] / batchSize[b] / units - mean;
                        sq += d * d;
                    }
                    means[o][r] = mean;
                    errors[o][r] = batches > 1 ? Math.sqrt(sq / (batches - 1) / batches) : Double.NaN;
                }
            }
            return new Measurement(ladder.temperatures(), ladder.closestToOne(), count, batches, sweeps, means, errors,
                    swapRates);
        }
    }

    /** The replicas, which temperature each holds, and the swap statistics. */
    private final class Ensemble {
        /** Builds a replica on a given stream, from a given state or (null) a random one. */
        interface Factory {
            Replica make(SplittableRandom random, double[] start);
        }

        private final Replica[] replicas;
        private final int[] at;
        private final int[] rungOf;
        private final double[] betas;
        private SplittableRandom swaps;
        /** Streams {@link #reseed} gave, taken by the replicas at the next {@link #rebuild}; null otherwise. */
        private SplittableRandom[] pending;
        private final long[] attempts;
        private final long[] accepted;
        private final double[] energy;
        private final int units;
        private int parity;

        Ensemble(Factory factory, SplittableRandom root) {
            int r = ladder.size();
            this.replicas = new Replica[r];
            this.at = new int[r];
            this.rungOf = new int[r];
            this.betas = betas();
            SplittableRandom[] streams = new SplittableRandom[r];
            for (int i = 0; i < r; i++) {
                streams[i] = root.split();
            }
            this.swaps = root.split();
            for (int i = 0; i < r; i++) {
                replicas[i] = factory.make(streams[i], null);
                replicas[i].rung(i);
                at[i] = i;
                rungOf[i] = i;
            }
            this.attempts = new long[Math.max(0, r - 1)];
            this.accepted = new long[Math.max(0, r - 1)];
            this.energy = new double[r];
            this.units = replicas[0].state().length;
        }

        /**
         * The replicas a saved run left: each at its state and temperature, on the streams split
         * from {@code root} (the epoch's), with the swap parity it had.
         */
        Ensemble(Factory factory, SplittableRandom root, double[] saved, int offset) {
            int r = ladder.size();
            this.replicas = new Replica[r];
            this.at = new int[r];
            this.rungOf = new int[r];
            this.betas = betas();
            int n = (saved.length - offset - r - 1) / r;
            // Split in the order reseed splits: the replicas' streams, then the swaps'.
            SplittableRandom[] streams = new SplittableRandom[r];
            for (int i = 0; i < r; i++) {
                streams[i] = root.split();
            }
            this.swaps = root.split();
            for (int i = 0; i < r; i++) {
                rungOf[i] = (int) saved[offset + r * n + i];
                at[rungOf[i]] = i;
            }
            for (int i = 0; i < r; i++) {
                replicas[i] = factory.make(streams[i], java.util.Arrays.copyOfRange(saved, offset + i * n,
                        offset + (i + 1) * n));
                replicas[i].rung(rungOf[i]);
            }
            this.parity = (int) saved[offset + r * n + r];
            this.attempts = new long[Math.max(0, r - 1)];
            this.accepted = new long[Math.max(0, r - 1)];
            this.energy = new double[r];
            this.units = n;
        }

        /**
         * Each replica's state, then each replica's rung, then the swap parity: what the
         * constructor from a saved run takes.
         */
        double[] state() {
            int r = replicas.length;
            double[] s = new double[r * units + r + 1];
            for (int i = 0; i < r; i++) {
                System.arraycopy(replicas[i].state(), 0, s, i * units, units);
                s[r * units + i] = rungOf[i];
            }
            s[r * units + r] = parity;
            return s;
        }

        /** The replicas' streams and the swaps' from {@code root} from now on (a trainer's epoch). */
        void reseed(SplittableRandom root) {
            pending = new SplittableRandom[replicas.length];
            for (int i = 0; i < pending.length; i++) {
                pending[i] = root.split();
            }
            swaps = root.split();
        }

        /** New kernels for new parameters, each continuing its replica's state, stream and temperature. */
        void rebuild(Factory factory) {
            for (int i = 0; i < replicas.length; i++) {
                Replica old = replicas[i];
                replicas[i] = factory.make(pending != null ? pending[i] : old.random(), old.state().clone());
                replicas[i].rung(rungOf[i]);
            }
            pending = null;
        }

        /**
         * {@code burn} sweeps, then {@code rec.count * rec.every} more, recording after every
         * {@code rec.every}-th; swap rounds after every {@code swapEvery}-th sweep.
         */
        void run(int burn, Recording rec, RunContext context, ProgressListener listener, String task) {
            int replicaCount = replicas.length;
            long total = burn + (long) rec.count * rec.every;
            if (total > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("parallel_tempering would run " + total + " sweeps; ask for fewer samples");
            }
            int perSegment = swapEvery / rec.every + 2;
            double[][] buffer = rec.measuring ? new double[replicaCount][2 * perSegment] : null;
            if (rec.measuring) {
                rec.energy = new double[replicaCount][rec.batches];
                rec.magnetization = new double[replicaCount][rec.batches];
                rec.absolute = new double[replicaCount][rec.batches];
            }
            // Grouping replicas into one piece per thread (or one piece for short rounds) changes
            // nothing in the results: a replica's sweeps depend only on its stream and the
            // temperatures it is given here.
            long work = (long) replicaCount * units * Math.min(swapEvery, total);
            int pieces = work < PARALLEL_WORK ? 1 : Math.min(replicaCount, context.threads());
            if (task != null) {
                listener.begin(task, total);
            }
            long reportEvery = Math.max(1, total / REPORTS);
            long nextReport = reportEvery;
            int t = 0;
            while (t < total) {
                context.checkCancelled();
                int from = t;
                int end = (int) Math.min(total, ((long) t / swapEvery + 1) * swapEvery);
                boolean swapAfter = end % swapEvery == 0 && end < total;
                Parallel.forEach(context.pool(), pieces, piece -> {
                    int first = piece * replicaCount / pieces;
                    int last = (piece + 1) * replicaCount / pieces;
                    for (int i = first; i < last; i++) {
                        advance(i, from, end, burn, rec, buffer == null ? null : buffer[i], swapAfter);
                    }
                });
                if (rec.measuring) {
                    collect(from, end, burn, rec, buffer);
                }
                if (swapAfter) {
                    exchange();
                }
                t = end;
                if (task != null && t >= nextReport) {
                    listener.step(t, Map.of());
                    nextReport = t + reportEvery;
                }
            }
            if (task != null) {
                listener.end();
            }
        }

        /** Replica i's sweeps {@code from+1 .. end}: its records, and its energy for the swap round. */
        private void advance(int i, int from, int end, int burn, Recording rec, double[] buffer, boolean swapAfter) {
            Replica r = replicas[i];
            boolean target = rungOf[i] == rec.target;
            int slot = 0;
            double last = Double.NaN;
            for (int sweep = from + 1; sweep <= end; sweep++) {
                r.sweep();
                if (sweep <= burn || (sweep - burn) % rec.every != 0) {
                    continue;
                }
                int index = (sweep - burn) / rec.every - 1;
                if (target && rec.states != null) {
                    System.arraycopy(r.state(), 0, rec.states, index * rec.width, rec.width);
                }
                if (buffer != null) {
                    last = r.energy();
                    buffer[slot++] = last;
                    buffer[slot++] = r.unitSum();
                    if (sweep != end) {
                        last = Double.NaN;
                    }
                }
            }
            if (swapAfter) {
                energy[i] = Double.isNaN(last) ? r.energy() : last;
            }
        }

        /** Adds the records of sweeps {@code from+1 .. end} to the batches of the temperatures that made them. */
        private void collect(int from, int end, int burn, Recording rec, double[][] buffer) {
            int firstIndex = Math.max(0, from - burn) / rec.every;
            int lastIndex = end <= burn ? -1 : (end - burn) / rec.every - 1;
            for (int index = firstIndex; index <= lastIndex; index++) {
                rec.batchSize[rec.batch(index)]++;
            }
            for (int i = 0; i < replicas.length; i++) {
                int rung = rungOf[i];
                int slot = 0;
                for (int index = firstIndex; index <= lastIndex; index++) {
                    int b = rec.batch(index);
                    double e = buffer[i][slot++];
                    double m = buffer[i][slot++];
                    rec.energy[rung][b] += e;
                    rec.magnetization[rung][b] += m;
                    rec.absolute[rung][b] += Math.abs(m);
                }
            }
        }

        /** One swap round over the pairs of the current parity. */
        private void exchange() {
            for (int k = parity; k + 1 < replicas.length; k += 2) {
                int i = at[k];
                int j = at[k + 1];
                double x = (betas[k] - betas[k + 1]) * (energy[i] - energy[j]);
                double u = swaps.nextDouble();
                attempts[k]++;
                if (x >= 0 || u < Math.exp(x)) {
                    accepted[k]++;
                    at[k] = j;
                    at[k + 1] = i;
                    rungOf[i] = k + 1;
                    rungOf[j] = k;
                    replicas[i].rung(k + 1);
                    replicas[j].rung(k);
                }
            }
            parity ^= 1;
        }

        double[] swapRates() {
            double[] rates = new double[attempts.length];
            for (int k = 0; k < rates.length; k++) {
                rates[k] = attempts[k] == 0 ? 0.0 : (double) accepted[k] / attempts[k];
            }
            return rates;
        }

        double flipRate() {
            double sum = 0;
            for (Replica r : replicas) {
                sum += r.flipRate();
            }
            return sum / replicas.length;
        }
    }

    // ------------------------------------------------------------------ results

    /**
     * Energy, magnetization and absolute magnetization per unit at every temperature of one
     * run, with batch-means standard errors. Observables are named {@code "energy"},
     * {@code "magnetization"} and {@code "abs_magnetization"}.
     */
    public static final class Measurement {
        private static final String[] NAMES = {"energy", "magnetization", "abs_magnetization"};

        private final double[] temperatures;
        private final int closestToOne;
        private final int records;
        private final int batches;
        private final int sweeps;
        private final double[][] means;
        private final double[][] errors;
        private final double[] swapRates;

        Measurement(double[] temperatures, int closestToOne, int records, int batches, int sweeps, double[][] means,
                double[][] errors, double[] swapRates) {
            this.temperatures = temperatures;
            this.closestToOne = closestToOne;
            this.records = records;
            this.batches = batches;
            this.sweeps = sweeps;
            this.means = means;
            this.errors = errors;
            this.swapRates = swapRates;
        }

        private static int index(String observable) {
            for (int i = 0; i < NAMES.length; i++) {
                if (NAMES[i].equals(observable)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("unknown observable " + observable + ": energy, magnetization or"
                    + " abs_magnetization");
        }

        /** The temperatures, increasing (a copy). */
        public double[] temperatures() {
            return temperatures.clone();
        }

        /** The index of the temperature closest to 1. */
        public int closestToOne() {
            return closestToOne;
        }

        /** Configurations recorded per temperature. */
        public int records() {
            return records;
        }

        /** Batches behind each standard error. */
        public int batches() {
            return batches;
        }

        /** Sweeps after the burn-in. */
        public int sweeps() {
            return sweeps;
        }

        /** The observable's mean per unit at each temperature (a copy). */
        public double[] mean(String observable) {
            return means[index(observable)].clone();
        }

        /** Its standard errors (NaN with a single batch). */
        public double[] standardError(String observable) {
            return errors[index(observable)].clone();
        }

        /** Acceptance rate of swaps between temperatures k and k+1 (a copy). */
        public double[] swapRates() {
            return swapRates.clone();
        }
    }

    /** Settings of {@code parallel_tempering(...)}. */
    public static final class Builder {
        private Ladder temperatures = Ladder.geometric(1.0, 3.0, 8);
        private int sweeps = 10000;
        private int burnin = 1000;
        private int thin = 1;
        private int swapEvery = 1;
        private int ladders = 1;

        public Builder temperatures(Ladder v) {
            this.temperatures = v;
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

        public Builder swapEvery(int v) {
            this.swapEvery = v;
            return this;
        }

        /** Independent ladders, each from its own stream (1: one ladder). */
        public Builder ladders(int v) {
            this.ladders = v;
            return this;
        }

        public ParallelTempering build() {
            if (ladders < 1) {
                throw new IllegalArgumentException("parallel_tempering needs ladders of at least 1, not " + ladders);
            }
            if (temperatures == null) {
                throw new IllegalArgumentException("parallel_tempering needs temperatures: temperatures geometric(1, 3, 8)");
            }
            if (sweeps < 1 || thin < 1 || swapEvery < 1 || burnin < 0) {
                throw new IllegalArgumentException("parallel_tempering needs sweeps, thin and swap_every of at least 1 and"
                        + " burnin of at least 0");
            }
            return new ParallelTempering(this);
        }
    }
}
