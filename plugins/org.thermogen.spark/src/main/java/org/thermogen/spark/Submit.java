package org.thermogen.spark;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;

/**
 * The main class of the application jar for {@code spark-submit}: runs a {@code .gen} file's
 * model as {@code thermogen run} does, training on the cluster spark-submit names.
 *
 * <pre>
 * spark-submit --master spark://host:7077 --class org.thermogen.spark.Submit \
 *     thermogen-spark-app.jar model.gen --data hdfs:///data/points.csv --out /shared/out [--model M] ...
 * </pre>
 *
 * Every argument is {@code thermogen run}'s; the master comes from Spark's configuration
 * ({@code spark.master}, which spark-submit sets), {@code local[*]} when none is set. The driver
 * reads the {@code .gen} file, compiles the model and writes the outputs, as the command line
 * does; the data is the file the {@code .gen} dataset names or, with {@code --data PATH}, the
 * CSV or Parquet file at PATH on any file system Spark reads, parsed by the executors
 * ({@link SparkSource}). A compiled model class on the class path (spark-submit's {@code --jars})
 * can be named instead of the {@code .gen} file: {@code examples.rbm.DigitsRbm}.
 */
public final class Submit {
    private Submit() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** {@code thermogen run ARGS --spark MASTER}, the master from Spark's configuration; returns the exit status. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        String master = new SparkConf().get("spark.master", "local[*]");
        List<String> command = new ArrayList<>();
        command.add("run");
        command.addAll(List.of(args));
        command.add("--spark");
        command.add(master);
        return org.thermogen.cli.ThermogenCommand.execute(command.toArray(String[]::new), out, err);
    }
}
