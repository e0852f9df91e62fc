package org.thermogen.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.thermogen.runtime.run.Parallel;
import org.thermogen.runtime.run.ProgressListener;

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
        return deal(spark, what, n, tasks, work, ProgressListener.NONE, null);
    }

    /**
     * {@link #deal} reporting to {@code listener}, under {@code task} (null: no report), the
     * tasks finished out of the ranges, twice a second: a job of minutes on a cluster shows its
     * progress as a local run does. The count comes from Spark's listener events (a task's
     * successful end), not from its status store, which updates a running stage's counts only
     * every so often.
     */
    static <R> List<R> deal(JavaSparkContext spark, String what, int n, int tasks, Function2<Integer, Integer, R> work,
            ProgressListener listener, String task) {
        require(what, tasks);
        List<int[]> ranges = of(n, tasks);
        JavaRDD<R> results = spark.parallelize(ranges, Math.max(1, ranges.size()))
                .map(range -> work.call(range[0], range[1]));
        if (task == null) {
            return results.collect();
        }
        String group = "thermogen-" + java.util.UUID.randomUUID();
        FinishedTasks finished = new FinishedTasks(group);
        spark.sc().addSparkListener(finished);
        spark.setJobGroup(group, task, false);
        listener.begin(task, ranges.size());
        Thread watch = new Thread(() -> report(finished, ranges.size(), listener), "thermogen-spark-progress");
        watch.setDaemon(true);
        watch.start();
        try {
            return results.collect();
        } finally {
            watch.interrupt();
            try {
                watch.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            spark.clearJobGroup();
            spark.sc().removeSparkListener(finished);
            listener.end();
        }
    }

    /** Counts the tasks of the jobs of one job group that end successfully. */
    private static final class FinishedTasks extends SparkListener {
        private final String group;
        private final java.util.Set<Integer> stages = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();

        FinishedTasks(String group) {
            this.group = group;
        }

        @Override
        public void onJobStart(SparkListenerJobStart job) {
            java.util.Properties p = job.properties();
            if (p != null && group.equals(p.getProperty("spark.jobGroup.id"))) {
                for (Object stage : scala.jdk.javaapi.CollectionConverters.asJava(job.stageIds())) {
                    stages.add((Integer) stage);
                }
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (stages.contains(end.stageId()) && end.taskInfo() != null && end.taskInfo().successful()) {
                count.incrementAndGet();
            }
        }
    }

    /** Until interrupted, the finished tasks, when their count changes. */
    private static void report(FinishedTasks finished, int total, ProgressListener listener) {
        long shown = 0;
        while (!Thread.currentThread().isInterrupted()) {
            long done = Math.min(finished.count.get(), total);
            if (done > shown) {
                listener.step(done, java.util.Map.of());
                shown = done;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
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
