package org.thermogen.runtime.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunContextCachedTest {

    @Test
    void computesOncePerKeyAndSharesWithDerivedContexts() {
        RunContext context = new RunContext(1, Path.of(""), ProgressListener.NONE, 1);
        AtomicInteger runs = new AtomicInteger();
        Object first = context.cached("run A", () -> {
            runs.incrementAndGet();
            return new Object();
        });
        Object again = context.withListener(new ProgressListener() {
        }).cached("run A", () -> {
            runs.incrementAndGet();
            return new Object();
        });
        assertSame(first, again);
        assertEquals(1, runs.get());
        context.cached("run B", () -> runs.incrementAndGet());
        assertEquals(2, runs.get());
        assertThrows(IllegalStateException.class, () -> context.cached("run C", () -> {
            throw new IllegalStateException("failed");
        }));
        assertEquals("stored", context.cached("run C", () -> "stored"), "a failed computation stores nothing");
        assertEquals(1, new RunContext(1, Path.of(""), ProgressListener.NONE, 1).cached("run A", () -> 1),
                "another context has its own results");
    }
}
