package org.thermogen.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.thermogen.runtime.data.Dataset;

/** A Spark context on this machine for the tests: no web UI, the loopback address. */
final class LocalSpark {
    private LocalSpark() {
    }

    static JavaSparkContext start(String master, String name) {
        JavaSparkContext spark = new JavaSparkContext(new SparkConf().setMaster(master).setAppName(name)
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
        spark.setLogLevel("ERROR");
        return spark;
    }

    /**
     * The rows of {@code data} in {@code partitions} blocks, partition 1 failing its first
     * attempt of every job (an executor lost mid-step), so that Spark runs it again.
     */
    static JavaRDD<RowBlock> failingOnce(JavaSparkContext spark, Dataset data, int partitions) {
        return RowBlock.of(spark, data, partitions).mapPartitionsWithIndex((index, it) -> {
            if (index == 1 && org.apache.spark.TaskContext.get().attemptNumber() == 0) {
                throw new IllegalStateException("an executor lost mid-step (test)");
            }
            return it;
        }, true);
    }
}
