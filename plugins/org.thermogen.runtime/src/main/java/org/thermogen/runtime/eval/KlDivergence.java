package org.thermogen.runtime.eval;

import org.thermogen.runtime.sample.Sampler;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.model.ModelSpec;
import java.util.Optional;
import java.util.List;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.GroundTruth;
import org.thermogen.runtime.data.LoadedDataset;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.exact.Enumeration;
import org.thermogen.runtime.exact.Quadrature;
import org.thermogen.runtime.gaussian.Gaussian;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.run.RunContext;

/**
 * {@code KL(from || to)} in nats ({@code kl(Spins16, Ising16)}), computed exactly: in closed
 * form between Gaussians, by enumeration for discrete units, and by quadrature
 * ({@link Quadrature#expectation}, {@code E_from[ln p_from - ln p_to]}) between real densities
 * on at most {@value Quadrature#MAX_DIMENSIONS} units when either is not Gaussian (a double
 * well against the Gaussian fitted to its data, two double wells). Between two Boltzmann
 * machines it needs only the moments of {@code from}:
 * {@code KL = <E_to - E_from>_from + ln Z_to - ln Z_from}.
 */
public final class KlDivergence implements Evaluation {
    private final Reference from;
    private final Reference to;

    private KlDivergence(Reference from, Reference to) {
        this.from = from;
        this.to = to;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "kl(" + from.describe("model") + ", " + to.describe("model") + ")";
    }

    @Override
    public Optional<String> refusal(ModelOutline model, List<Sampler> declared) {
        if (!model.discrete() && !model.offers(org.thermogen.runtime.gaussian.GaussianForm.class)
                && !(model.allObservedReal() && !model.hasHidden() && model.observedUnits() <= Quadrature.MAX_DIMENSIONS)) {
            return Optional.of("kl between real-valued distributions is exact for Gaussian energies and, by quadrature,"
                    + " for energies of at most " + Quadrature.MAX_DIMENSIONS + " real units; " + model.name() + " has a "
                    + model.description() + " on " + (model.observedUnits() + model.hiddenUnits()) + " units");
        }
        return ExactRefusals.exact("kl", model);
    }

    @Override
    public EvaluationResult evaluate(Model model, double[] theta, RunContext context) {
        ModelOutline.require(refusal(ModelOutline.of(model), List.of()));
        String name = model.spec().name();
        String text = "kl(" + from.describe(name) + ", " + to.describe(name) + ")";
        String key = "kl_" + from.label(name) + "_" + to.label(name);
        String others = "";
        for (Reference r : List.of(from, to)) {
            if (r.kind == Reference.Kind.OTHER) {
                requireSameUnits(model, r.other);
                others += "; " + r.other.spec().name() + " at its declared parameters";
            }
        }
        if (model.spec().isDiscrete()) {
            Discrete p = discrete(from, model, theta, context);
            Discrete q = discrete(to, model, theta, context);
            // KL >= 0: a rounding residue below zero is reported as zero.
            return new EvaluationResult(key, text, Math.max(0, kl(p, q, context)), 0, "exact" + others, Map.of());
        }
        Density p = density(from, model, theta, context);
        Density q = density(to, model, theta, context);
        if (p.gaussian() != null && q.gaussian() != null) {
            return new EvaluationResult(key, text, Math.max(0, Gaussian.kl(p.gaussian(), q.gaussian())), 0,
                    "closed form (Gaussians)" + others, Map.of());
        }
        int d = model.spec().observedSize();
        Quadrature.Expectation kl = Quadrature.expectation(d, from.describe(name), p::logDensity,
                x -> p.logDensity(x) - q.logDensity(x));
        String how = String.format(Locale.ROOT, "quadrature: E_p[ln p - ln q] by the trapezoid rule on [-%.0f, %.0f]^%d,"
                + " %d points per axis, settled to %.1e", kl.halfWidth(), kl.halfWidth(), d, kl.points(), kl.error());
        return new EvaluationResult(key, text, Math.max(0, kl.value()), 0, how + others, Map.of());
    }

    /** A normalized density over real units: a Gaussian (closed forms apply) or a model's {@code ln p} by quadrature. */
    private record Density(Gaussian gaussian, ExactModel model) {
        double logDensity(double[] x) {
            return gaussian != null ? gaussian.logDensity(x) : model.logProbability(x);
        }
    }

    private static Density density(Reference r, Model model, double[] theta, RunContext context) {
        if (r.kind == Reference.Kind.MODEL || r.kind == Reference.Kind.OTHER) {
            ExactModel q = r.kind == Reference.Kind.OTHER ? new ExactModel(r.other, r.otherParameters(), context)
                    : new ExactModel(model, theta, context);
            return new Density(q.gaussian != null ? q.gaussian.distribution() : null, q.gaussian != null ? null : q);
        }
        return new Density(gaussian(r, context), null);
    }

    /** Two models compared state by state need the same units, in the same order and domains. */
    private static void requireSameUnits(Model model, Model other) {
        ModelSpec a = model.spec();
        ModelSpec b = other.spec();
        if (a.stateSize() != b.stateSize() || a.observedSize() != b.observedSize() || a.stateSize() != a.observedSize()
                || !a.uniformDomain().equals(b.uniformDomain())) {
            throw new IllegalArgumentException("kl compares distributions over the same units: " + a.name() + " and "
                    + b.name() + " must have the same observed units, of one domain, and no hidden ones");
        }
    }

    // ------------------------------------------------------------------ real units

    /** A dataset's Gaussian: its known truth, or the maximum-likelihood fit to its rows. */
    private static Gaussian gaussian(Reference r, RunContext context) {
        switch (r.kind) {
            case TRUTH: {
                LoadedDataset d = context.data(r.dataset);
                if (d.truth().orElse(null) instanceof GroundTruth.Gaussian g) {
                    return new Gaussian(g.mean(), g.covariance());
                }
                throw new IllegalArgumentException(r.dataset.name() + " has no known Gaussian distribution: compare with its"
                        + " data instead (" + r.dataset.name() + ".train)");
            }
            default: {
                Dataset rows = context.data(r.dataset).part(r.part);
                return Gaussian.fit(rows.values(), rows.rows(), rows.columns());
            }
        }
    }

    // ------------------------------------------------------------------ discrete units

    /** A distribution over states: a Boltzmann machine, a general model, or data. */
    private record Discrete(PairwiseEnergy pairwise, double logZ, ExactModel general, Map<String, Double> empirical,
            Map<String, double[]> states) {
        double logProbability(double[] s) {
            if (empirical != null) {
                Double p = empirical.get(Arrays.toString(s));
                return p == null ? Double.NEGATIVE_INFINITY : Math.log(p);
            }
            if (pairwise != null && general == null) {
                return -pairwise.energy(s) - logZ;
            }
            return general.logMarginal(s);
        }
    }

    private static Discrete discrete(Reference r, Model model, double[] theta, RunContext context) {
        switch (r.kind) {
            case OTHER:
            case MODEL: {
                ExactModel q = r.kind == Reference.Kind.OTHER ? new ExactModel(r.other, r.otherParameters(), context)
                        : new ExactModel(model, theta, context);
                return new Discrete(q.pairwise, q.logPartition, q, null, null);
            }
            case TRUTH: {
                LoadedDataset d = context.data(r.dataset);
                if (d.truth().orElse(null) instanceof GroundTruth.Boltzmann b) {
                    Domain want = model.spec().uniformDomain().orElse(null);
                    if (want != null && want != b.energy().domain()) {
                        throw new IllegalArgumentException(r.dataset.name() + " has " + b.energy().domain().name().toLowerCase(Locale.ROOT)
                                + " units but " + model.spec().name() + " has " + want.name().toLowerCase(Locale.ROOT) + " units");
                    }
                    return new Discrete(b.energy(), Enumeration.logPartition(b.energy(), context.pool()), null, null, null);
                }
                throw new IllegalArgumentException(r.dataset.name() + " has no known Boltzmann machine: compare with its"
                        + " data instead (" + r.dataset.name() + ".train)");
            }
            default: {
                Dataset rows = context.data(r.dataset).part(r.part);
                Map<String, Double> p = new HashMap<>();
                Map<String, double[]> states = new HashMap<>();
                double[] x = new double[rows.columns()];
                for (int i = 0; i < rows.rows(); i++) {
                    rows.row(i, x);
                    String k = Arrays.toString(x);
                    p.merge(k, 1.0 / rows.rows(), Double::sum);
                    states.putIfAbsent(k, x.clone());
                }
                return new Discrete(null, 0, null, p, states);
            }
        }
    }

    /** True when a model side has hidden units, summed out state by state. */
    private static boolean hidden(Discrete p, Discrete q) {
        for (Discrete d : List.of(p, q)) {
            if (d.general() != null && d.general().model.spec().stateSize() != d.general().model.spec().observedSize()) {
                return true;
            }
        }
        return false;
    }

    private static double kl(Discrete p, Discrete q, RunContext context) {
        if (p.empirical() != null) {
            double kl = 0;
            for (Map.Entry<String, Double> e : p.empirical().entrySet()) {
                double[] s = p.states().get(e.getKey());
                kl += e.getValue() * (Math.log(e.getValue()) - q.logProbability(s));
            }
            return kl;
        }
        if (q.empirical() != null) {
            // Data never cover every state a model gives probability to.
            return Double.POSITIVE_INFINITY;
        }
        boolean hidden = hidden(p, q);
        if (p.pairwise() != null && q.pairwise() != null && !hidden) {
            PairwiseEnergy a = p.pairwise();
            PairwiseEnergy b = q.pairwise();
            Enumeration.Moments m = Enumeration.moments(a, context.pool());
            int n = a.size();
            double diff = b.constant() - a.constant();
            for (int k = 0; k < n; k++) {
                diff -= (b.bias(k) - a.bias(k)) * m.mean()[k];
                for (int l = k + 1; l < n; l++) {
                    diff -= (b.pair(k, l) - a.pair(k, l)) * m.second()[k * n + l];
                }
            }
            return diff + q.logZ() - p.logZ();
        }
        // A general energy, or hidden units summed out: visit every state of the observed units.
        int n = p.pairwise() != null && p.general() == null ? p.pairwise().size()
                : p.general().model.spec().observedSize();
        Domain domain = p.pairwise() != null ? p.pairwise().domain()
                : p.general().model.spec().uniformDomain().orElse(Domain.BINARY);
        double low = domain == Domain.SPIN ? -1 : 0;
        double[] s = new double[n];
        double kl = 0;
        for (long index = 0; index < (1L << n); index++) {
            for (int k = 0; k < n; k++) {
                s[k] = ((index >>> k) & 1) == 1 ? 1 : low;
            }
            double lp = p.logProbability(s);
            kl += Math.exp(lp) * (lp - q.logProbability(s));
        }
        return kl;
    }

    /** Settings of {@code kl(from, to)}. */
    public static final class Builder {
        private Reference from;
        private Reference to;

        public Builder from(Reference v) {
            this.from = v;
            return this;
        }

        public Builder to(Reference v) {
            this.to = v;
            return this;
        }

        public KlDivergence build() {
            if (from == null || to == null) {
                throw new IllegalArgumentException("kl needs two distributions: kl(Dataset, Model)");
            }
            return new KlDivergence(from, to);
        }
    }
}
