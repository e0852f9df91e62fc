package org.thermogen.run.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
    @TempDir
    Path dir;

    private static int count(BufferedImage image, IntPredicate rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (rgb.test(image.getRGB(x, y) & 0xFFFFFF)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static int red(int rgb) {
        return rgb >> 16 & 0xFF;
    }

    private static int green(int rgb) {
        return rgb >> 8 & 0xFF;
    }

    private static int blue(int rgb) {
        return rgb & 0xFF;
    }

    private static void whiteCorners(BufferedImage image) {
        assertEquals(0xFFFFFF, image.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0xFFFFFF, image.getRGB(image.getWidth() - 1, image.getHeight() - 1) & 0xFFFFFF);
    }

    @Test
    void lineplotHasTheDefaultSizeAndDrawsItsSeries() {
        double[] x = new double[100];
        double[] y = new double[100];
        for (int i = 0; i < 100; i++) {
            x[i] = i;
            y[i] = Math.exp(-i / 20.0);
        }
        y[50] = Double.NaN;
        BufferedImage image = LinePlot.builder().title("loss").xLabel("epoch").yLabel("loss").series("train", x, y)
                .logY(true).build().render();
        assertEquals(800, image.getWidth());
        assertEquals(500, image.getHeight());
        whiteCorners(image);
        // The first palette colour is a blue (0x4E79A7): pixels clearly bluer than red.
        assertTrue(count(image, c -> blue(c) > red(c) + 60) > 300);
    }

    @Test
    void lineplotWithoutUsablePointsStillDraws() {
        BufferedImage image = LinePlot.builder().series("nothing", new double[] {1, 2}, new double[] {-1, Double.NaN})
                .logY(true).size(400, 300).build().render();
        assertEquals(400, image.getWidth());
        assertEquals(300, image.getHeight());
    }

    @Test
    void scatterShowsEverySetInItsColour() {
        double[] x = {0, 0.5, 1, 0.2};
        double[] y = {0, 50, 100, 30};
        BufferedImage image = ScatterPlot.builder().points("data", x, y).points("samples", y, x).equalAspect(true)
                .markerSize(12).alpha(1).build().render();
        whiteCorners(image);
        // Palette: blue 0x4E79A7 for the first set, orange 0xF28E2B for the second.
        assertTrue(count(image, c -> blue(c) > red(c) + 60) > 100);
        assertTrue(count(image, c -> red(c) > 200 && green(c) > 100 && green(c) < 180 && blue(c) < 90) > 100);
    }

    @Test
    void divergingColoursAreWarmForPositiveAndCoolForNegative() {
        assertEquals(new Color(0xB2182B), Heatmap.color(1));
        assertEquals(new Color(0x2166AC), Heatmap.color(-1));
        assertEquals(new Color(0xF7F7F7), Heatmap.color(0));
        assertEquals(new Color(0xB2182B), Heatmap.color(7), "clamped");
        Color half = Heatmap.color(0.5);
        assertEquals(new Color(0xF4A582), half);
    }

    @Test
    void positiveMatrixGivesWarmPixelsAndNegativeCoolOnes() {
        double[] positive = new double[16];
        double[] negative = new double[16];
        java.util.Arrays.fill(positive, 2.0);
        java.util.Arrays.fill(negative, -2.0);
        BufferedImage warm = Heatmap.builder().panel("W", positive, 4, 4).build().render();
        BufferedImage cool = Heatmap.builder().panel("W", negative, 4, 4).build().render();
        whiteCorners(warm);
        // The panel covers most of the picture; the colour bar has both kinds in equal parts.
        int warmInWarm = count(warm, c -> red(c) > blue(c) + 100);
        int coolInWarm = count(warm, c -> blue(c) > red(c) + 100);
        assertTrue(warmInWarm > 30000, "warm pixels: " + warmInWarm);
        assertTrue(coolInWarm < warmInWarm / 5, "cool pixels in a positive matrix: " + coolInWarm);
        int coolInCool = count(cool, c -> blue(c) > red(c) + 100);
        assertTrue(coolInCool > 30000, "cool pixels: " + coolInCool);
    }

    @Test
    void panelsShareOneScale() {
        // The same value 1 is full red next to a panel of 1s, and pale next to a panel of 10s.
        double[] ones = new double[4];
        double[] tens = new double[4];
        java.util.Arrays.fill(ones, 1);
        java.util.Arrays.fill(tens, 10);
        int full = count(Heatmap.builder().panel("a", ones, 2, 2).panel("b", ones, 2, 2).build().render(),
                c -> c == 0xB2182B);
        int shared = count(Heatmap.builder().panel("a", ones, 2, 2).panel("b", tens, 2, 2).build().render(),
                c -> c == 0xB2182B);
        int pale = count(Heatmap.builder().panel("a", ones, 2, 2).panel("b", tens, 2, 2).build().render(),
                c -> c == Heatmap.color(0.1).getRGB() - 0xFF000000);
        assertTrue(shared < 0.6 * full, full + " vs " + shared);
        assertTrue(pale > 10000, "pale cells: " + pale);
        assertEquals(60 + 2 * 280 + 90, Heatmap.builder().panel("a", ones, 2, 2).panel("b", tens, 2, 2).build()
                .render().getWidth());
    }

    @Test
    void imageGridDrawsHighValuesBlackAndLowValuesWhite() {
        double[] ones = new double[64];
        java.util.Arrays.fill(ones, 1);
        int black = count(ImageGrid.builder().images(ones, 1, 8, 8).build().render(), c -> c == 0);
        // One 8x8 image fills min(768 / 8, 468 / 8) = 58.5 pixels per value: about 468^2 black pixels.
        assertTrue(black > 200_000, "black pixels: " + black);
        assertEquals(0, count(ImageGrid.builder().images(new double[64], 1, 8, 8).build().render(), c -> c == 0));
        double[] spins = new double[128];
        java.util.Arrays.fill(spins, 0, 64, -1);
        java.util.Arrays.fill(spins, 64, 128, 1);
        BufferedImage two = ImageGrid.builder().images(spins, 2, 8, 8).build().render();
        int b = count(two, c -> c == 0);
        int w = count(two, c -> c == 0xFFFFFF);
        assertTrue(b > 50_000 && w > 50_000);
    }

    @Test
    void rasterIsBlackWhereUnitsAreOn() {
        int samples = 10;
        int units = 4;
        double[] s = new double[samples * units];
        java.util.Arrays.fill(s, -1);
        assertEquals(0, count(RasterPlot.builder().samples(s, samples, units).build().render(), c -> c == 0));
        for (int r = 0; r < samples; r++) {
            s[r * units] = 1;
        }
        BufferedImage image = RasterPlot.builder().samples(s, samples, units).build().render();
        // Unit 0 of every sample is +1: one of four columns of the plot area is black.
        int black = count(image, c -> c == 0);
        assertTrue(black > 30_000, "black pixels: " + black);
        assertTrue(black < 100_000, "black pixels: " + black);
    }

    @Test
    void histogramWithDensityCurve() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        double[] v = new double[2000];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        BufferedImage image = Histogram.builder().xLabel("x").values("samples", v)
                .density("model", x -> Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI)).build().render();
        whiteCorners(image);
        assertTrue(count(image, c -> blue(c) > red(c) + 30) > 10_000);
        assertTrue(count(image, c -> red(c) > 200 && blue(c) < 120) > 200, "the orange curve");
    }

    @Test
    void autoBinsFollowFreedmanDiaconis() {
        // 0..99: IQR 49.5, n^(-1/3) = 1/4.6416, bin width 21.33, range 99 -> 4.64 -> clamped to 10.
        double[] v = new double[100];
        for (int i = 0; i < 100; i++) {
            v[i] = i;
        }
        assertEquals(10, Histogram.autoBins(v));
        // 1000 normals: width about 2 * 1.35 / 10 = 0.27 over a range of about 6.5 -> about 24 bins.
        java.util.SplittableRandom r = new java.util.SplittableRandom(2);
        double[] g = new double[1000];
        for (int i = 0; i < g.length; i++) {
            g[i] = r.nextGaussian();
        }
        int bins = Histogram.autoBins(g);
        assertTrue(bins >= 18 && bins <= 32, "bins " + bins);
    }

    @Test
    void writeProducesAPngOfTheSameSizeAtomically() throws IOException {
        Path f = dir.resolve("sub/loss.png");
        LinePlot.builder().series("a", new double[] {0, 1}, new double[] {1, 0}).size(640, 400).build().write(f);
        BufferedImage back = ImageIO.read(f.toFile());
        assertEquals(640, back.getWidth());
        assertEquals(400, back.getHeight());
        try (Stream<Path> s = Files.list(f.getParent())) {
            assertEquals(List.of(f), s.toList());
        }
    }

    @Test
    void buildersRefuseBadInput() {
        assertThrows(IllegalArgumentException.class, () -> LinePlot.builder().series("a", new double[1], new double[2]));
        assertThrows(IllegalArgumentException.class, () -> Heatmap.builder().panel("a", new double[3], 2, 2));
        assertThrows(IllegalArgumentException.class, () -> Heatmap.builder().build());
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.builder().images(new double[10], 1, 4, 4));
        assertThrows(IllegalArgumentException.class, () -> LinePlot.builder().size(10, 10));
    }
}
