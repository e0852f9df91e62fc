package org.thermogen.runtime.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.data.DataSource;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.DatasetDefinition;

class RunContextListenerTest {

    @Test
    void withListenerSharesSeedPoolAndLoadedData() {
        AtomicInteger reads = new AtomicInteger();
        DatasetDefinition def = DatasetDefinition.builder("D", "d.gen", 1).source(new DataSource() {
            @Override
            public String describe() {
                return "counted";
            }

            @Override
            public Dataset read(Path base, String name) {
                reads.incrementAndGet();
                return new Dataset(name, 1, 1, new double[] {1}, null);
            }
        }).build();
        RunContext original = new RunContext(9, Path.of("base"), ProgressListener.NONE, 2);
        try {
            ProgressListener other = new ProgressListener() {
            };
            RunContext derived = original.withListener(other);
            assertSame(other, derived.listener());
            assertEquals(9, derived.seed());
            assertEquals(Path.of("base"), derived.baseDirectory());
            assertSame(original.pool(), derived.pool());
            assertEquals(original.random("train").nextLong(), derived.random("train").nextLong());
            assertSame(original.data(def), derived.data(def));
            assertEquals(1, reads.get(), "loaded once for both");
        } finally {
            original.close();
        }
    }
}
