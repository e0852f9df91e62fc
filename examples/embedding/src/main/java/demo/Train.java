package demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.thermogen.run.Job;
import org.thermogen.runtime.eval.EvaluationResult;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.train.TrainingResult;

/**
 * Trains the model of {@code src/main/gen/demo/ising.gen} from an application: the
 * generated class {@link Ising10} carries the model, the runtime does the rest.
 *
 * <pre>
 * mvn -q compile exec:java -Dexec.mainClass=demo.Train     (or run it from your IDE)
 * </pre>
 */
public final class Train {
    private Train() {
    }

    /** Trains, samples and evaluates into {@code out}; returns the held-out log-likelihood per sample. */
    public static double trainAndEvaluate(Path out, long seed) throws IOException {
        RunContext context = new RunContext(seed, Path.of("."), ProgressListener.NONE, 2);
        try {
            Job job = new Job(Ising10.DEFINITION, context, out);
            TrainingResult trained = job.train(OptionalInt.empty());
            job.sample(trained.theta(), OptionalInt.of(2000));
            List<EvaluationResult> results = job.evaluate(trained.theta());
            return results.get(0).value();
        } finally {
            context.close();
        }
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "target/ising");
        double ll = trainAndEvaluate(out, 42);
        System.out.printf("held-out log-likelihood %.4f nats per sample; samples.png and eval.json in %s%n", ll, out);
    }
}
