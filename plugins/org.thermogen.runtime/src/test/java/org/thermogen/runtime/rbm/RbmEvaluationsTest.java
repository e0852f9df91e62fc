package org.thermogen.runtime.rbm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.data.BarsAndStripesSource;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.definition.ModelDefinition;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.eval.EvaluationResult;
import org.thermogen.runtime.eval.LogLikelihood;
import org.thermogen.runtime.eval.LogPartition;
import org.thermogen.runtime.eval.PseudoLikelihood;
import org.thermogen.runtime.eval.ReconstructionError;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.testmodels.BipartiteMachine;
import org.thermogen.runtime.testmodels.EnergyOnly;
import org.thermogen.runtime.testmodels.FullyVisible;
import org.thermogen.runtime.testmodels.RandomMachines;

/** The evaluations on RBMs (and pseudo-likelihood on fully visible machines) against brute force. */
class RbmEvaluationsTest {
    private static final DatasetDefinition BARS = DatasetDefinition.builder("Bars", "bars.gen", 1)
            .source(BarsAndStripesSource.builder().size(3).n(300).seed(5).build())
            .split(1, "train", 0.8, "test", 0.2)
            .build();

    private static RunContext context() {
        return new RunContext(3, Path.of(""), ProgressListener.NONE, 2);
    }

    private static Dataset test(RunContext context) {
        return context.data(BARS).part("test");
    }

    @Test
    void logLikelihoodOfAnRbmIsMinusTheMeanFreeEnergyMinusLogZ() {
        BipartiteMachine model = new BipartiteMachine(9, 5, Domain.BINARY, Domain.BINARY);
        BipartiteEnergy e = BipartiteMachine.random(9, 5, Domain.BINARY, Domain.BINARY, 0.8, 0.5, 3);
        e.setConstant(0);
        RunContext context = context();
        Dataset rows = test(context);
        double logZ = BipartiteMachine.logPartition(e);
        double brute = 0;
        double[] v = new double[9];
        for (int r = 0; r < rows.rows(); r++) {
            rows.row(r, v);
            brute += (-BipartiteMachine.freeEnergy(e, v) - logZ) / rows.rows();
        }
        LogLikelihood exact = LogLikelihood.builder().data(BARS, "test").build();
        EvaluationResult r = exact.evaluate(model, model.parametersOf(e), context);
        assertEquals("log_likelihood_test", r.name());
        assertEquals("log_likelihood on Bars.test", r.description());
        assertEquals(brute, r.value(), 1e-10);
        assertEquals(0.0, r.standardError());
        assertEquals(logZ, r.details().get("log_partition"), 1e-10);
        assertTrue(r.method().startsWith("exact: enumeration of 2^5 hidden states"), r.method());

        LogLikelihood ais = LogLikelihood.builder().data(BARS, "test")
                .method(Ais.builder().runs(50).temperatures(500).build()).build();
        assertEquals("log_likelihood(ais(runs 50, temperatures 500)) on Bars.test", ais.describe());
        EvaluationResult a = ais.evaluate(model, model.parametersOf(e), context);
        // Within 3 of its standard errors, which is positive and small enough to mean something.
        assertTrue(a.standardError() > 0 && a.standardError() < 0.05, "se " + a.standardError());
        assertTrue(Math.abs(a.value() - brute) < 3 * a.standardError(), a.value() + " +- " + a.standardError() + " vs " + brute);
    }

    @Test
    void logPartitionTakesAMethodForRbmsAndOthers() {
        BipartiteMachine model = new BipartiteMachine(6, 4, Domain.SPIN, Domain.SPIN);
        BipartiteEnergy e = BipartiteMachine.random(6, 4, Domain.SPIN, Domain.SPIN, 0.8, 0.5, 4);
        e.setConstant(0);
        EvaluationResult exact = LogPartition.builder().build().evaluate(model, model.parametersOf(e), context());
        assertEquals(BipartiteMachine.logPartition(e), exact.value(), 1e-10);
        assertEquals("log_partition", exact.description());
        LogPartition byAis = LogPartition.builder().method(Ais.builder().runs(50).temperatures(300).build()).build();
        assertEquals("log_partition(ais(runs 50, temperatures 300))", byAis.describe());
        EvaluationResult a = byAis.evaluate(model, model.parametersOf(e), context());
        assertTrue(Math.abs(a.value() - exact.value()) < 3 * a.standardError(), a.value() + " +- " + a.standardError());

        FullyVisible fv = new FullyVisible(5, Domain.SPIN);
        PairwiseEnergy pe = RandomMachines.random(5, Domain.SPIN, 0.5, 0.3, 2);
        pe.setConstant(0);
        double[] theta = fv.parametersOf(pe);
        assertEquals(RandomMachines.logPartition(pe), LogPartition.builder().build().evaluate(fv, theta, context()).value(),
                1e-10);
        // Other energies anneal too (mcmc.Annealing), here by local fields from the uniform distribution.
        EvaluationResult annealed = byAis.evaluate(fv, theta, context());
        assertTrue(annealed.method().contains("from the uniform distribution"), annealed.method());
        assertTrue(Math.abs(annealed.value() - RandomMachines.logPartition(pe)) < 3 * annealed.standardError(),
                annealed.value() + " +- " + annealed.standardError());
    }

    @Test
    void pseudoLikelihoodAndReconstructionErrorOfAnRbm() {
        BipartiteMachine model = new BipartiteMachine(9, 5, Domain.BINARY, Domain.SPIN);
        BipartiteEnergy e = BipartiteMachine.random(9, 5, Domain.BINARY, Domain.SPIN, 0.8, 0.5, 5);
        RunContext context = context();
        Dataset rows = test(context);
        double[] theta = model.parametersOf(e);
        EvaluationResult pl = PseudoLikelihood.builder().data(BARS, "test").build().evaluate(model, theta, context);
        assertEquals("pseudo_likelihood_test", pl.name());
        assertEquals("pseudo_likelihood on Bars.test", pl.description());
        // Conditionals from free energies summed over the 2^5 hidden states.
        double brute = 0;
        double[] v = new double[9];
        for (int r = 0; r < rows.rows(); r++) {
            rows.row(r, v);
            double f = BipartiteMachine.freeEnergy(e, v);
            for (int i = 0; i < 9; i++) {
                double[] w = v.clone();
                w[i] = 1 - w[i];
                double g = BipartiteMachine.freeEnergy(e, w);
                brute += (-f - BipartiteMachine.logSumExp(new double[] {-f, -g})) / rows.rows();
            }
        }
        assertEquals(brute, pl.value(), 1e-10);
        EvaluationResult re = ReconstructionError.builder().data(BARS, "test").build().evaluate(model, theta, context);
        assertEquals("reconstruction_error_test", re.name());
        assertEquals(RbmMetrics.reconstructionError(e, rows.values(), rows.rows(), null), re.value());
        FullyVisible fv = new FullyVisible(9, Domain.BINARY);
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> ReconstructionError.builder()
                .data(BARS, "test").build().evaluate(fv, new double[fv.spec().paramSize()], context));
        assertTrue(x.getMessage().startsWith("reconstruction_error needs a restricted Boltzmann machine"), x.getMessage());
    }

    /**
     * Fully visible machines: local fields (pairwise) and energy differences (any energy) give
     * ln q(s_k | rest) = ln p(s) - ln(p(s) + p(s^k)), with p by brute force over all states.
     */
    @Test
    void pseudoLikelihoodOfFullyVisibleMachines() {
        FullyVisible fv = new FullyVisible(9, Domain.BINARY);
        PairwiseEnergy pe = RandomMachines.random(9, Domain.BINARY, 0.7, 0.4, 6);
        pe.setConstant(0);
        double[] theta = fv.parametersOf(pe);
        double[] p = RandomMachines.probabilities(pe);
        RunContext context = context();
        Dataset rows = test(context);
        double brute = 0;
        double[] s = new double[9];
        for (int r = 0; r < rows.rows(); r++) {
            rows.row(r, s);
            int i = RandomMachines.index(s, 0, 9);
            for (int k = 0; k < 9; k++) {
                int j = i ^ (1 << k);
                brute += Math.log(p[i] / (p[i] + p[j])) / rows.rows();
            }
        }
        PseudoLikelihood pl = PseudoLikelihood.builder().data(BARS, "test").build();
        EvaluationResult pairwise = pl.evaluate(fv, theta, context);
        assertEquals(brute, pairwise.value(), 1e-10);
        assertEquals("exact, by local fields", pairwise.method());
        ModelDefinition general = new EnergyOnly(fv);
        EvaluationResult byEnergy = pl.evaluate(general, theta, context);
        assertEquals(brute, byEnergy.value(), 1e-10);
        assertEquals("exact, by energy differences", byEnergy.method());
    }
}
