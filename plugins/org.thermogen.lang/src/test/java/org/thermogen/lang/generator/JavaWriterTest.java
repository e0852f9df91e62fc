package org.thermogen.lang.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class JavaWriterTest {
    @Test
    void longCodeLinesWrapBetweenCallsAndAfterCommasNeverInsideLiterals() {
        String literal = "\"a string with ). and , inside that is long enough to tempt a break, really it is\"";
        String code = "return Builder.of(" + literal + ").first(1, 2, 3).second(\"x\").third(4.0, 5.0).fourth(" + literal
                + ").build();";
        JavaWriter w = new JavaWriter();
        w.open("Object f()").line(code).close();
        List<String> lines = w.toString().lines().toList();
        assertTrue(lines.size() > 3, lines::toString);
        StringBuilder joined = new StringBuilder();
        for (String l : lines.subList(1, lines.size() - 1)) {
            assertTrue(l.length() <= JavaWriter.WIDTH || l.contains(literal), l);
            joined.append(joined.length() == 0 ? l.strip() : (l.strip().startsWith(".") ? "" : " ") + l.strip());
        }
        assertEquals(code, joined.toString());
        assertTrue(lines.stream().filter(l -> l.contains("\"")).allMatch(l -> l.chars().filter(c -> c == '"').count() % 2 == 0));
    }

    @Test
    void longJavadocWrapsBetweenWords() {
        JavaWriter w = new JavaWriter();
        w.open("class C").javadoc("word ".repeat(60).strip()).close();
        List<String> lines = w.toString().lines().toList();
        assertEquals("    /**", lines.get(1));
        assertTrue(lines.stream().allMatch(l -> l.length() <= JavaWriter.WIDTH), lines::toString);
        assertEquals(60, String.join(" ", lines).split("word", -1).length - 1);
    }
}
