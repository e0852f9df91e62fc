package org.thermogen.run.family;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.thermogen.run.plot.Heatmap;
import org.thermogen.runtime.data.DataException;
import org.thermogen.runtime.data.GroundTruth;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.energy.PairwiseStructure;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.ModelSpec;

/**
 * A Boltzmann machine trained on samples of a known one (a {@code boltzmann} data source):
 * {@code couplings.png}, the true couplings, the learned ones and their difference on one
 * colour scale.
 */
final class PairwiseOutputs implements FamilyOutputs {
    /** The true, learned and differing couplings. */
    static final String COUPLINGS_PLOT = "couplings.png";

    private final Family family;
    private final PairwiseStructure structure;

    PairwiseOutputs(Family family, PairwiseStructure structure) {
        this.family = family;
        this.structure = structure;
    }

    @Override
    public List<Figure> afterEvaluation(double[] theta) throws IOException {
        return couplingsPlot(theta).map(file -> List.of(new Figure(file, "Couplings", "The couplings of the"
                + " Boltzmann machine that generated the training data, the learned ones, and their difference,"
                + " on one colour scale.", "couplings"))).orElse(List.of());
    }

    private Optional<Path> couplingsPlot(double[] theta) throws IOException {
        if (family.model().training().isEmpty()) {
            return Optional.empty();
        }
        Optional<GroundTruth> truth;
        try {
            truth = family.context().data(family.model().training().get().data()).truth();
        } catch (DataException e) {
            family.context().listener().note(COUPLINGS_PLOT + " is not drawn: " + e.getMessage());
            return Optional.empty();
        }
        if (truth.isEmpty() || !(truth.get() instanceof GroundTruth.Boltzmann boltzmann)) {
            return Optional.empty();
        }
        ModelSpec spec = family.model().spec();
        PairwiseEnergy exact = boltzmann.energy();
        int n = exact.size();
        Optional<Domain> domain = spec.uniformDomain();
        if (spec.stateSize() != n || domain.isEmpty() || domain.get() != exact.domain()) {
            family.context().listener().note(COUPLINGS_PLOT + " is not drawn: the data come from a machine of " + n + " "
                    + exact.domain().name().toLowerCase(Locale.ROOT) + " units, " + spec.name() + " has " + spec.stateSize()
                    + " units" + domain.map(d -> " of domain " + d.name().toLowerCase(Locale.ROOT)).orElse(" of mixed domains"));
            return Optional.empty();
        }
        PairwiseEnergy learned = new PairwiseEnergy(n, exact.domain());
        structure.form().couplings(theta, learned);
        double[] t = exact.couplings();
        double[] l = learned.couplings();
        double[] diff = new double[n * n];
        for (int i = 0; i < diff.length; i++) {
            diff[i] = l[i] - t[i];
        }
        Path file = family.outDir().resolve(COUPLINGS_PLOT);
        Heatmap.builder().title(spec.name() + ": couplings W")
                .panel("true W", t, n, n).panel("learned W", l, n, n).panel("learned - true", diff, n, n)
                .build().write(file);
        return Optional.of(file);
    }
}
