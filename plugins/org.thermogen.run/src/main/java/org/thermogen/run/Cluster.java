package org.thermogen.run;

import java.util.ServiceLoader;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.train.Trainer;

/**
 * Somewhere other than this JVM to train on: a Spark cluster ({@code thermogen run model.gen
 * --spark local[2]}). An implementation comes with its module (for Spark,
 * {@code org.thermogen.spark}) and is found through {@link ServiceLoader} by the name of its
 * {@link Provider}, so that the runner and the command line do not depend on it.
 */
public interface Cluster extends AutoCloseable {

    /**
     * The trainer that does what {@code declared} does for {@code model}, on this cluster.
     *
     * @throws JobException when the declared trainer has no counterpart here, saying what to do
     */
    Trainer place(Trainer declared, Model model);

    /**
     * The evaluation that computes what {@code declared} does, with whatever of its work this
     * cluster can take (a sweep's fits, each on its own executor); {@code declared} itself when
     * it has nothing to give.
     */
    default org.thermogen.runtime.eval.Evaluation place(org.thermogen.runtime.eval.Evaluation declared, Model model) {
        return declared;
    }

    /**
     * The sampler that draws what {@code declared} draws, with whatever of its work this
     * cluster can take (independent chains, each range on its own executor); {@code declared}
     * itself when it has nothing to give.
     */
    default org.thermogen.runtime.sample.Sampler place(org.thermogen.runtime.sample.Sampler declared, Model model) {
        return declared;
    }

    /**
     * How the training dataset is loaded from {@code path} (on a file system this cluster reads),
     * for {@code thermogen run --data PATH --spark ...}: the declaration's columns, label,
     * header, transforms and split, as a local run on the same file gives them. A cluster may
     * keep the rows where they are read and give this JVM a sample
     * ({@link org.thermogen.runtime.data.LoadedDataset#elsewhere}).
     *
     * @throws JobException when this cluster reads no such file or no such source, saying what to do
     */
    default org.thermogen.runtime.data.DatasetLoader loading(String path,
            org.thermogen.runtime.data.DatasetDefinition declared) {
        throw new JobException(describe() + " reads no data files; give --data without it");
    }

    /** Where the work goes, for messages: {@code spark local[2]}. */
    String describe();

    /** Releases the cluster's resources (Spark's context). */
    @Override
    void close();

    /** Connects to a kind of cluster by its address. */
    interface Provider {
        /** The kind, as the command line names it: {@code spark}. */
        String name();

        /** A connection to the cluster at {@code address} ({@code local[2]}, {@code spark://host:7077}). */
        Cluster connect(String address);
    }

    /**
     * Connects through the provider named {@code kind} on the class path.
     *
     * @throws JobException when no provider of that name is on the class path
     */
    static Cluster connect(String kind, String address) {
        for (Provider p : ServiceLoader.load(Provider.class, Cluster.class.getClassLoader())) {
            if (p.name().equals(kind)) {
                return p.connect(address);
            }
        }
        throw new JobException("training on " + kind + " needs its module on the class path (org.thermogen." + kind
                + " and " + kind + " itself); ./thermogen adds them when it is given --" + kind);
    }
}
