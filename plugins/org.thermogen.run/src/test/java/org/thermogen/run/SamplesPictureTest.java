package org.thermogen.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.thermogen.run.family.Outline;
import org.thermogen.run.plot.Histogram;
import org.thermogen.run.plot.ImageGrid;
import org.thermogen.run.plot.RasterPlot;
import org.thermogen.run.plot.ScatterPlot;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.Role;
import org.thermogen.runtime.model.Shape;
import org.thermogen.runtime.sample.Samples;

class SamplesPictureTest {

    private static ModelSpec spec(Object... vars) {
        ModelSpec.Builder b = ModelSpec.builder("M");
        for (int i = 0; i < vars.length; i += 4) {
            b.variable((String) vars[i], (Role) vars[i + 1], (Domain) vars[i + 2], (Shape) vars[i + 3], false);
        }
        return b.build();
    }

    private static Samples samples(ModelSpec spec) {
        int d = spec.observedSize();
        return new Samples(3, d, new double[3 * d], "s", Map.of());
    }

    private static Object chart(ModelSpec spec, boolean withData) {
        Optional<SamplesPicture.Backdrop> backdrop = withData
                ? Optional.of(new SamplesPicture.Backdrop(new Dataset("D", 2, spec.observedSize(),
                        new double[2 * spec.observedSize()], null), null))
                : Optional.empty();
        return SamplesPicture.chart(spec, samples(spec), backdrop, Optional.empty());
    }

    @Test
    void eachKindOfModelGetsItsPicture() {
        assertInstanceOf(ScatterPlot.class, chart(spec("x", Role.OBSERVED, Domain.REAL, Shape.of(2)), true));
        assertInstanceOf(ScatterPlot.class, chart(spec("x", Role.OBSERVED, Domain.REAL, Shape.of(2)), false));
        assertInstanceOf(Histogram.class, chart(spec("x", Role.OBSERVED, Domain.REAL, Shape.scalar()), true));
        assertInstanceOf(ImageGrid.class, chart(spec("v", Role.VISIBLE, Domain.BINARY, Shape.of(8, 8),
                "h", Role.HIDDEN, Domain.BINARY, Shape.of(10)), false));
        assertInstanceOf(ImageGrid.class, chart(spec("x", Role.OBSERVED, Domain.REAL, Shape.of(4, 4)), false));
        assertInstanceOf(RasterPlot.class, chart(spec("s", Role.VISIBLE, Domain.SPIN, Shape.of(16)), false));
        assertInstanceOf(RasterPlot.class, chart(spec("s", Role.VISIBLE, Domain.BINARY, Shape.scalar()), false));
        assertInstanceOf(ScatterPlot.class, chart(spec("x", Role.OBSERVED, Domain.REAL, Shape.of(5)), true));
        assertInstanceOf(ScatterPlot.class, chart(spec("x", Role.OBSERVED, Domain.REAL, Shape.of(1),
                "s", Role.VISIBLE, Domain.SPIN, Shape.of(3)), false));
    }

    @Test
    void unitNamesFollowTheGenIndexing() {
        ModelSpec m = spec("x", Role.OBSERVED, Domain.REAL, Shape.scalar(), "v", Role.VISIBLE, Domain.BINARY,
                Shape.of(2, 3), "h", Role.HIDDEN, Domain.BINARY, Shape.of(4));
        assertEquals(List.of("x", "v[0,0]", "v[0,1]", "v[0,2]", "v[1,0]", "v[1,1]", "v[1,2]"), Units.observedNames(m));
        assertEquals("x, v[2,3]", Units.observedList(m));
        assertEquals("\"v[0,1]\"", Text.csvField("v[0,1]"));
        assertEquals("s[3]", Text.csvField("s[3]"));
    }

    @Test
    void numbersInFilesAndReports() {
        assertEquals("-1", Text.csv(-1.0));
        assertEquals("0.1", Text.csv(0.1));
        assertEquals("1.0E-20", Text.csv(1e-20));
        assertEquals("nan", Text.csv(Double.NaN));
        assertEquals("-inf", Text.csv(Double.NEGATIVE_INFINITY));
        assertEquals("-7.12346", Text.figure(-7.123456789));
        assertEquals("1.5e-05", Text.figure(1.5e-5));
        assertEquals("120000", Text.figure(120000));
        assertEquals("0.25", Text.figure(0.25));
        assertEquals(1.235, Text.seconds(1_234_567_890L));
    }

    @Test
    void aTwoUnitMixtureGetsItsComponentsOutlined() {
        ModelSpec spec = spec("x", Role.OBSERVED, Domain.REAL, Shape.of(2));
        Samples s = new Samples(4, 2, new double[] {0, 0, 1, 1, 2, 0, 0, 2}, "exact", Map.of());
        java.awt.image.BufferedImage plain = SamplesPicture.chart(spec, s, Optional.empty(), Optional.empty()).render();
        java.awt.image.BufferedImage outlined = SamplesPicture.chart(spec, s, Optional.empty(), Optional.empty(),
                List.of(new Outline(0.5, 0.5, 0.2, 0.05, 0.3),
                        new Outline(1.5, 1.0, 0.1, 0.0, 0.1))).render();
        int changed = 0;
        for (int y = 0; y < plain.getHeight(); y++) {
            for (int x = 0; x < plain.getWidth(); x++) {
                if (plain.getRGB(x, y) != outlined.getRGB(x, y)) {
                    changed++;
                }
            }
        }
        assertTrue(changed > 1000, changed + " pixels changed");
    }
}
