package org.thermogen.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Stack traces through a generated class are read back to the .gen file by its line table. */
class SourceLinesTest {

    /** Stands for a generated class: lines 1-9 from no .gen line, 10-19 from line 3, 20 on from line 7. */
    public static final class Generated {
        public static final String SOURCE_LINES = "my model.gen\n1:0 10:3 20:7";
    }

    @Test
    void eachJavaLineTakesTheGenLineOfItsRange() {
        String table = Generated.SOURCE_LINES;
        assertEquals(Optional.empty(), SourceLines.position(table, 5));
        assertEquals(Optional.of("my model.gen:3"), SourceLines.position(table, 10));
        assertEquals(Optional.of("my model.gen:3"), SourceLines.position(table, 19));
        assertEquals(Optional.of("my model.gen:7"), SourceLines.position(table, 250));
    }

    @Test
    void theInnermostGeneratedFrameOfTheCauseChainIsNamed() {
        SourceLines.register(Generated.class);
        RuntimeException inner = new ArithmeticException("/ by zero");
        inner.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("java.lang.Math", "floorDiv", "Math.java", 12),
            new StackTraceElement(Generated.class.getName() + "$Couplings", "couplings", "Generated.java", 12),
            new StackTraceElement(Generated.class.getName(), "energy", "Generated.java", 25)});
        RuntimeException outer = new IllegalStateException("job failed", inner);
        outer.setStackTrace(new StackTraceElement[] {new StackTraceElement("org.thermogen.run.Job", "run", "Job.java", 1)});
        assertEquals(Optional.of("my model.gen:3"), SourceLines.of(outer));
    }

    @Test
    void classesWithoutATableAndUnregisteredFramesGiveNothing() {
        SourceLines.register(String.class);
        RuntimeException e = new RuntimeException();
        e.setStackTrace(new StackTraceElement[] {new StackTraceElement("x.Unknown", "m", "Unknown.java", 3)});
        assertEquals(Optional.empty(), SourceLines.of(e));
    }
}
