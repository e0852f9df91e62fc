package org.thermogen.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.run.ProgressListener;

/**
 * Ranges dealt out to tasks report their progress: three ranges of about a second each on
 * {@code local[2]} (two run, then the third), counted from Spark's task events twice a
 * second, show a task count between none and all while the job runs, then the end.
 */
class RangesTest {
    private static JavaSparkContext spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("local[2]", "RangesTest");
    }

    @AfterAll
    static void stop() {
        spark.close();
    }

    @Test
    void tasksFinishedAreReportedWhileTheJobRuns() {
        List<String> heard = new ArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void begin(String task, long totalSteps) {
                heard.add("begin " + task + " " + totalSteps);
            }

            @Override
            public void step(long done, Map<String, Double> metrics) {
                heard.add("step " + done);
            }

            @Override
            public void end() {
                heard.add("end");
            }
        };
        List<Integer> sums = Ranges.deal(spark, "test", 3, 3, (from, to) -> {
            Thread.sleep(1200);
            return from + to;
        }, listener, "three slow ranges");
        assertEquals(List.of(1, 3, 5), sums, "the results in range order");
        assertEquals("begin three slow ranges 3", heard.get(0));
        assertEquals("end", heard.get(heard.size() - 1));
        List<Long> steps = heard.stream().filter(h -> h.startsWith("step ")).map(h -> Long.parseLong(h.substring(5)))
                .toList();
        assertTrue(steps.stream().anyMatch(d -> d >= 1 && d < 3), "a count while the job ran: " + heard);
        for (int i = 1; i < steps.size(); i++) {
            assertTrue(steps.get(i) > steps.get(i - 1) && steps.get(i) <= 3, heard.toString());
        }
        // Without a task to report under, nothing is heard.
        heard.clear();
        Ranges.deal(spark, "test", 2, 2, (from, to) -> from, listener, null);
        assertEquals(List.of(), heard);
    }
}
