package org.thermogen.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

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
}
