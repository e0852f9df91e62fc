package org.thermogen.launch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.thermogen.launch.ProgressLines;

/** How the Progress view reads the lines a launched model writes (JobMain --progress). */
class ProgressLinesTest {
    @Test
    void linesCountOnlyOnceCompleteAcrossChunks() {
        ProgressLines p = new ProgressLines();
        p.feed("@thermogen begin 40 train\n@thermogen step 1 40 loss 0.5 grad_norm 1.2\n@thermogen st");
        assertEquals("train", p.task());
        assertEquals(1, p.done());
        assertEquals(40, p.total());
        p.feed("ep 10 4");
        // "step 10 4..." is not complete yet: without its newline the count could still be 100.
        assertEquals(1, p.done());
        p.feed("0 loss 0.25\n");
        assertEquals(10, p.done());
        assertEquals(0.25, p.fraction(), 1e-12);
    }

    @Test
    void eachTaskStartsFromZeroAndEndCompletesIt() {
        ProgressLines p = new ProgressLines();
        p.feed("@thermogen begin 2 train\n@thermogen step 2 2\n@thermogen end\n");
        assertEquals(1.0, p.fraction());
        p.feed("@thermogen begin 100 gibbs sampling, 2 chains\n");
        assertEquals("gibbs sampling, 2 chains", p.task());
        assertEquals(0, p.done());
        assertEquals(0.0, p.fraction());
        p.feed("@thermogen step 30 100\n@thermogen end\n");
        assertEquals(100, p.done());
    }

    @Test
    void otherLinesAndMalformedNumbersLeaveTheStateAsItWas() {
        ProgressLines p = new ProgressLines();
        assertEquals(0.0, p.fraction());
        p.feed("@thermogen begin 10 train\n@thermogen step 4 10\n");
        p.feed("train 5/10 loss 0.1\n@thermogen step five 10\n@thermogen step 6\n@thermogen percent 90\n\n");
        assertEquals(4, p.done());
        assertEquals(10, p.total());
        assertEquals("train", p.task());
    }
}
