package org.thermogen.lang.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NestingTest {
    @Test
    void eachRunDeeperThanTheLimitIsCutToAZeroKeepingLinesAndColumns() {
        Nesting.Limited l = Nesting.limit("a((b)) + (((c\n)))", 2);
        assertEquals("a((b)) + ((0 \n ))", l.text());
        assertEquals(List.of(11), l.cuts());
        assertEquals(List.of(1, 10), Nesting.limit("{(((x)))}{((y))}", 1).cuts());
    }

    @Test
    void bracketsInCommentsAndStringsDoNotCountAndAnUnclosedRunIsCutToTheEnd() {
        String text = "// (((\n/* ((( */ \"((( \\\" (\" ((x";
        Nesting.Limited l = Nesting.limit(text, 1);
        assertEquals(List.of(text.lastIndexOf("((x") + 1), l.cuts());
        assertEquals(text.substring(0, text.length() - 2) + "0 ", l.text());
        assertEquals(List.of(), Nesting.limit(text.substring(0, text.length() - 3), 0).cuts());
    }
}
