package demo.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import demo.Ising10;
import demo.Models;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.definition.TrainingPlan;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.train.TrainingResult;

/**
 * The example bundle's generated model, trained through its generated API inside OSGi: the
 * classes xtext-maven-plugin generated were compiled into the bundle by Tycho, and the
 * runtime bundle serves them. The training raises the exact log-likelihood of the held-out
 * rows above that of the starting parameters.
 */
class TrainInOsgiTest {

    @Test
    void theGeneratedModelTrainsInsideOsgi() throws Exception {
        assertNotNull(FrameworkUtil.getBundle(Ising10.class), "Ising10 is loaded by an OSGi bundle");
        assertEquals("org.thermogen.examples.tycho", FrameworkUtil.getBundle(Ising10.class).getSymbolicName());
        assertEquals(1, Models.all().size());

        TrainingPlan plan = Ising10.DEFINITION.training().orElseThrow();
        RunContext context = new RunContext(7, Path.of("."), ProgressListener.NONE, 1);
        try {
            Dataset train = plan.data().load(Path.of(".")).part("train");
            double[] start = Ising10.DEFINITION.spec().initialParameters(context.random("init"));
            TrainingResult trained = plan.trainer().withEpochs(40).train(Ising10.DEFINITION, start, train, context);
            double[] nll = trained.history().column("neg_log_likelihood");
            assertTrue(nll[nll.length - 1] < nll[0] - 0.1, "training lowers the exact loss: " + nll[0] + " -> "
                    + nll[nll.length - 1]);
            assertEquals(10 * 10 + 10, trained.theta().length);
        } finally {
            context.close();
        }
    }
}
