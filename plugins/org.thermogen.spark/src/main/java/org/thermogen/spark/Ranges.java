package org.thermogen.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.thermogen.runtime.run.Parallel;

/**
 * Independent runs or chains dealt out to tasks: {@code n} of them in at most {@code tasks}
 * ranges of consecutive ones, as even as can be, one task per range, the results in range
 * order, split as this machine splits them ({@link Parallel#start}). What {@link SparkAis} and
 * {@link SparkGibbs} share; each range's work depends on its indices alone, so the results are
 * the same whatever the number of tasks.
 */
final class Ranges {
    private Ranges() {
    }

    /**
     * {@code work(from, to)} for each range, one task each, in range order.
     *
     * @throws IllegalArgumentException for fewer than one task, naming {@code what}
     */
    static <R> List<R> deal(JavaSparkContext spark, String what, int n, int tasks, Function2<Integer, Integer, R> work) {
        require(what, tasks);
        List<int[]> ranges = of(n, tasks);
        return spark.parallelize(ranges, Math.max(1, ranges.size())).map(range -> work.call(range[0], range[1]))
                .collect();
    }

    /** @throws IllegalArgumentException for fewer than one task, naming {@code what} */
    static void require(String what, int tasks) {
        if (tasks < 1) {
            throw new IllegalArgumentException(what + " needs at least one task, not " + tasks);
        }
    }

    /** {@code n} indices split into at most {@code tasks} ranges {@code [from, to)}. */
    static List<int[]> of(int n, int tasks) {
        List<int[]> ranges = new ArrayList<>();
        int pieces = Math.min(tasks, n);
        for (int p = 0; p < pieces; p++) {
            ranges.add(new int[] {Parallel.start(n, p, pieces), Parallel.start(n, p + 1, pieces)});
        }
        return ranges;
    }
}
