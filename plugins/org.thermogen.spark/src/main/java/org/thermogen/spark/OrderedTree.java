package org.thermogen.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

/**
 * Sums of partitions added up in a tree whose shape and order depend on the partitioning
 * alone, never on which task finished first: Spark's {@code treeAggregate} merges results
 * in the order they arrive, so floating-point sums differ in their last bits from run to
 * run; these do not. Each partition is reduced to one value; then groups of
 * {@value #FAN_IN} consecutive partitions are merged on the executors, in partition order,
 * level after level, until at most {@value #FAN_IN} values remain, which the driver merges
 * in order. The driver thus receives at most {@value #FAN_IN} values whatever the number of
 * partitions.
 */
final class OrderedTree {
    /** Values merged by one task, and the most the driver receives. */
    static final int FAN_IN = 32;

    private OrderedTree() {
    }

    /**
     * {@code merge} over the partitions of {@code rdd}, each first reduced by {@code partial}.
     *
     * @param partial one partition's value from its elements (may be empty)
     * @param merge   adds the second value into the first and returns it; associative
     */
    static <T, U extends Serializable> U aggregate(JavaRDD<T> rdd, Function<java.util.Iterator<T>, U> partial,
            Function2<U, U, U> merge) {
        JavaPairRDD<Integer, U> level = rdd.mapPartitionsWithIndex((index, it) -> List.of(
                new Tuple2<>(index, partial.call(it))).iterator(), true).mapToPair(t -> t);
        long count = rdd.getNumPartitions();
        while (count > FAN_IN) {
            long groups = (count + FAN_IN - 1) / FAN_IN;
            level = level.mapToPair(t -> new Tuple2<>(t._1() / FAN_IN, new Tuple2<>(t._1(), t._2())))
                    .groupByKey((int) groups)
                    .mapValues(values -> inOrder(values, merge));
            count = groups;
        }
        try {
            return inOrder(level.collect(), merge);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The merge of sums kept as arrays: adds {@code b} into {@code a} element by element and returns {@code a}. */
    static double[] add(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }

    private static <U> U inOrder(Iterable<Tuple2<Integer, U>> values, Function2<U, U, U> merge) throws Exception {
        List<Tuple2<Integer, U>> sorted = new ArrayList<>();
        values.forEach(sorted::add);
        sorted.sort(Comparator.comparing(Tuple2::_1));
        U total = null;
        for (Tuple2<Integer, U> t : sorted) {
            total = total == null ? t._2() : merge.call(total, t._2());
        }
        return total;
    }
}
