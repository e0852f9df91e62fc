package org.thermogen.runtime.eval;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.data.GroundTruth;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.energy.PairwiseForm;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.run.RunContext;

/**
 * How far the learned Boltzmann machine is from the one that generated the data
 * ({@code parameter_error(Spins16)}): RMS over all couplings {@code W_kl} ({@code k < l}) and
 * fields {@code b_k} of the difference, in the natural parameters of both.
 */
public final class ParameterError implements Evaluation {
    private final DatasetDefinition truth;

    private ParameterError(DatasetDefinition truth) {
        this.truth = truth;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "parameter_error(" + truth.name() + ")";
    }

    @Override
    public EvaluationResult evaluate(Model model, double[] theta, RunContext context) {
        ModelSpec spec = model.spec();
        PairwiseForm form = model.capability(PairwiseForm.class).orElseThrow(() -> new IllegalArgumentException(
                "parameter_error compares Boltzmann machines; " + spec.name() + " has a " + model.structure().describe()));
        if (!(context.data(truth).truth().orElse(null) instanceof GroundTruth.Boltzmann b)) {
            throw new IllegalArgumentException(truth.name() + " has no known Boltzmann machine: parameter_error needs a"
                    + " boltzmann_samples dataset");
        }
        PairwiseEnergy t = b.energy();
        int n = spec.stateSize();
        if (t.size() != n || t.domain() != spec.uniformDomain().orElse(null)) {
            throw new IllegalArgumentException(truth.name() + " has " + t.size() + " " + t.domain().name().toLowerCase(Locale.ROOT)
                    + " units; " + spec.name() + " has " + n);
        }
        PairwiseEnergy learned = new PairwiseEnergy(n, t.domain());
        form.couplings(theta, learned);
        double couplingSq = 0;
        double couplingMax = 0;
        double fieldSq = 0;
        double fieldMax = 0;
        for (int k = 0; k < n; k++) {
            double df = learned.bias(k) - t.bias(k);
            fieldSq += df * df;
            fieldMax = Math.max(fieldMax, Math.abs(df));
            for (int l = k + 1; l < n; l++) {
                double dw = learned.pair(k, l) - t.pair(k, l);
                couplingSq += dw * dw;
                couplingMax = Math.max(couplingMax, Math.abs(dw));
            }
        }
        int pairs = n * (n - 1) / 2;
        Map<String, Double> details = new LinkedHashMap<>();
        details.put("rms_coupling_error", pairs == 0 ? 0 : Math.sqrt(couplingSq / pairs));
        details.put("max_abs_coupling_error", couplingMax);
        details.put("rms_field_error", Math.sqrt(fieldSq / n));
        details.put("max_abs_field_error", fieldMax);
        double rms = Math.sqrt((couplingSq + fieldSq) / (pairs + n));
        return new EvaluationResult("parameter_error", describe(), rms, 0,
                "RMS over " + pairs + " couplings and " + n + " fields", details);
    }

    /** Settings of {@code parameter_error(D)}. */
    public static final class Builder {
        private DatasetDefinition truth;

        public Builder truth(DatasetDefinition v) {
            this.truth = v;
            return this;
        }

        public ParameterError build() {
            if (truth == null) {
                throw new IllegalArgumentException("parameter_error needs a dataset with a known model: parameter_error(D)");
            }
            return new ParameterError(truth);
        }
    }
}
