package org.thermogen.run.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Charts draw in a JVM started without {@code -Djava.awt.headless} whose DISPLAY names no X
 * server (an ssh session or CI job with a stale variable): there Java2D would try to connect
 * to the display and fail, unless the charts put it in headless mode themselves. The test
 * suite's own JVM runs headless already, so the check needs a JVM of its own.
 */
class HeadlessTest {

    /** Draws a chart and prints the headless flag; run by the test in a fresh JVM. */
    public static void main(String[] args) {
        LinePlot.builder().series("a", new double[] {0, 1}, new double[] {1, 2}).build().render();
        System.out.println("drawn, headless " + java.awt.GraphicsEnvironment.isHeadless());
    }

    @Test
    void chartsDrawWithoutADisplayEvenWhenDisplayIsSet() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                HeadlessTest.class.getName()).redirectErrorStream(true);
        pb.environment().put("DISPLAY", ":97");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe JVM did not finish");
        assertEquals(0, p.exitValue(), out);
        assertEquals("drawn, headless true", out);
    }
}
