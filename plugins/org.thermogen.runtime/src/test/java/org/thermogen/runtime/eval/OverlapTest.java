package org.thermogen.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.mcmc.GibbsSampler;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.testmodels.Lattice;
import org.thermogen.runtime.testmodels.RandomMachines;

/**
 * {@code P(q)} from replicas against the exact overlap distribution: a 3x3 periodic lattice
 * at J = 0.35, every pair of its 512 states weighted by {@code p(s) p(s')}; each of the 10
 * values of q within 4 standard errors, and {@code <q^2>} too.
 */
class OverlapTest {

    @Test
    void replicasGiveTheExactOverlapDistribution() {
        Lattice lattice = new Lattice(3, 3, Domain.SPIN);
        double[] theta = {0.35, 0.0};
        double[] p = new double[512];
        double z = 0;
        for (int i = 0; i < 512; i++) {
            p[i] = Math.exp(-lattice.energy(RandomMachines.state(i, 9, Domain.SPIN), theta));
            z += p[i];
        }
        double[] exact = new double[10];
        double q2 = 0;
        for (int i = 0; i < 512; i++) {
            double[] s = RandomMachines.state(i, 9, Domain.SPIN);
            for (int j = 0; j < 512; j++) {
                double[] t = RandomMachines.state(j, 9, Domain.SPIN);
                int sum = 0;
                for (int u = 0; u < 9; u++) {
                    sum += s[u] == t[u] ? 1 : -1;
                }
                double w = p[i] / z * p[j] / z;
                exact[(sum + 9) / 2] += w;
                q2 += w * sum * sum / 81.0;
            }
        }
        GibbsSampler gibbs = GibbsSampler.builder().chains(8).sweeps(4000).burnin(100).build();
        try (RunContext context = new RunContext(3, Path.of(""), ProgressListener.NONE, 2)) {
            EvaluationResult r = Overlap.builder().build().evaluate(lattice, theta, List.of(gibbs), context);
            assertEquals("overlap", r.name());
            assertEquals(10, r.series().x().size());
            assertEquals(-1.0, r.series().x().get(0));
            for (int k = 0; k < 10; k++) {
                double se = r.series().se().get(k);
                assertTrue(se < 0.02, "bin " + k + ": " + se);
                assertEquals(exact[k], r.series().y().get(k), 4 * se + 1e-9, "P(q = " + r.series().x().get(k) + ")");
            }
            assertEquals(q2, r.value(), 4 * r.standardError());
            assertTrue(r.standardError() < 0.02, "se " + r.standardError());
            assertEquals(28.0, r.details().get("pairs"));
        }
        ModelOutline spins = ModelOutline.of(lattice);
        assertEquals(Optional.of("overlap compares independent replicas: give Lattice3x3 a first sampler with several"
                + " chains, `sample with gibbs(chains 8, sweeps 1000)`"), Overlap.builder().build().refusal(spins,
                        List.of(GibbsSampler.builder().chains(1).build())));
    }
}
