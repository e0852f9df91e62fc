package org.thermogen.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSourceTest {
    @TempDir
    Path base;

    private void file(String name, String text) throws IOException {
        Path p = base.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static CsvSource csv(String path) {
        return CsvSource.builder().path(path).build();
    }

    @Test
    void readsFeaturesAndLabelWithDetectedHeader() throws IOException {
        file("data/d.csv", "a,b,c,label\n1,2,3,0\n4.5,-6,7e-1,2\n");
        Dataset d = CsvSource.builder().path("data/d.csv").features(Interval.of(0, 2)).label(3).build()
                .read(base, "D");
        assertEquals("D", d.name());
        assertEquals(2, d.rows());
        assertEquals(3, d.columns());
        assertArrayEquals(new double[] {1, 2, 3, 4.5, -6, 0.7}, d.values());
        assertArrayEquals(new int[] {0, 2}, d.labels());
        assertEquals(java.util.List.of("a", "b", "c"), d.columnNames().orElseThrow());
    }

    /**
     * The header names the feature columns as chosen (in their order, the label left out);
     * a file without a header names none; the names stay with a dataset's rows and parts.
     */
    @Test
    void theHeaderNamesTheFeatureColumns() throws IOException {
        file("h.csv", "id, height ,weight,label\n0,170,60,1\n1,180,80,0\n2,160,50,1\n3,175,70,0\n");
        Dataset d = CsvSource.builder().path("h.csv").features(2, 1).label(3).build().read(base, "H");
        assertEquals(java.util.List.of("weight", "height"), d.columnNames().orElseThrow());
        assertEquals(d.columnNames(), d.select("H.part", new int[] {1, 0}).columnNames());
        file("n.csv", "1,2\n3,4\n");
        assertTrue(csv("n.csv").read(base, "N").columnNames().isEmpty());
        LoadedDataset loaded = DatasetDefinition.builder("H", "h.gen", 1)
                .source(CsvSource.builder().path("h.csv").features(Interval.of(1, 2)).label(3).build())
                .transform(Transforms.standardize()).split(1, "train", 0.5, "test", 0.5).build().load(base);
        assertEquals(java.util.List.of("height", "weight"), loaded.all().columnNames().orElseThrow());
        assertEquals(java.util.List.of("height", "weight"), loaded.part("train").columnNames().orElseThrow());
    }

    @Test
    void defaultFeaturesAreAllColumnsButTheLabel() throws IOException {
        file("d.csv", "1,9,2\n3,8,4\n");
        Dataset d = CsvSource.builder().path("d.csv").label(1).build().read(base, "D");
        assertArrayEquals(new double[] {1, 2, 3, 4}, d.values());
        assertArrayEquals(new int[] {9, 8}, d.labels());
        Dataset all = csv("d.csv").read(base, "D");
        assertEquals(3, all.columns());
        assertNull(all.labels());
    }

    @Test
    void numericFirstLineIsDataUnlessHeaderIsSaid() throws IOException {
        file("d.csv", "1,2\n3,4\n");
        assertEquals(2, csv("d.csv").read(base, "D").rows());
        Dataset skipped = CsvSource.builder().path("d.csv").header(true).build().read(base, "D");
        assertArrayEquals(new double[] {3, 4}, skipped.values());
    }

    @Test
    void featureListPicksColumnsInOrder() throws IOException {
        file("d.csv", "0,1,2,3,4,5\n10,11,12,13,14,15\n");
        Dataset d = CsvSource.builder().path("d.csv").features(5, 0, 2).build().read(base, "D");
        assertArrayEquals(new double[] {5, 0, 2, 15, 10, 12}, d.values());
    }

    @Test
    void semicolonsQuotesBlankLinesAndCrLf() throws IOException {
        file("d.csv", "\uFEFF\"x; first\";\"y\"\r\n1;2\r\n\r\n 3 ; \"4\" \r\n");
        Dataset d = CsvSource.builder().path("d.csv").delimiter(";").build().read(base, "D");
        assertArrayEquals(new double[] {1, 2, 3, 4}, d.values());
    }

    @Test
    void whitespaceDelimiterSplitsAtRuns() throws IOException {
        file("d.txt", "1   2\t3\n  4 5 6  \n");
        Dataset d = CsvSource.builder().path("d.txt").delimiter(" ").build().read(base, "D");
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, d.values());
    }

    @Test
    void gzipIsReadTransparently() throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(base.resolve("d.csv.gz")))) {
            out.write("p,q\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8));
        }
        assertArrayEquals(new double[] {1, 2, 3, 4}, csv("d.csv.gz").read(base, "D").values());
    }

    @Test
    void wrongColumnCountNamesFileAndLine() throws IOException {
        file("data/bad.csv", "a,b,c\n1,2,3\n4,5\n");
        DataException e = assertThrows(DataException.class, () -> csv("data/bad.csv").read(base, "D"));
        assertEquals("data/bad.csv:3: expected 3 columns as on line 1, found 2", e.getMessage());
        assertEquals("data/bad.csv", e.file());
        assertEquals(3, e.line());
    }

    @Test
    void wordWhereANumberBelongsNamesFileLineAndColumn() throws IOException {
        file("data/bad.csv", "1,2,3\n4,abc,6\n");
        DataException e = assertThrows(DataException.class, () -> csv("data/bad.csv").read(base, "D"));
        assertEquals("data/bad.csv:2: column 1 holds 'abc', not a number", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void javaOnlyNumberSpellingsAreNotNumbers() throws IOException {
        file("d.csv", "1,2\nNaN,1\n");
        assertEquals("d.csv:2: column 0 holds 'NaN', not a number",
                assertThrows(DataException.class, () -> csv("d.csv").read(base, "D")).getMessage());
        assertTrue(CsvSource.isNumber("-1.5e+3"));
        assertTrue(CsvSource.isNumber(".5"));
        assertTrue(CsvSource.isNumber("5."));
        assertFalse(CsvSource.isNumber("1d"));
        assertFalse(CsvSource.isNumber("0x10"));
        assertFalse(CsvSource.isNumber("Infinity"));
        assertFalse(CsvSource.isNumber("1e"));
        assertFalse(CsvSource.isNumber("."));
        assertFalse(CsvSource.isNumber(""));
    }

    @Test
    void emptyCellIsNamed() throws IOException {
        file("d.csv", "1,2\n3,\n");
        assertEquals("d.csv:2: column 1 is empty, but a number belongs there",
                assertThrows(DataException.class, () -> csv("d.csv").read(base, "D")).getMessage());
    }

    @Test
    void missingFileSaysWhereItLooked() {
        DataException e = assertThrows(DataException.class, () -> csv("data/none.csv").read(base, "D"));
        assertEquals("data/none.csv: no such file (looked for " + base.resolve("data/none.csv").toAbsolutePath() + ")",
                e.getMessage());
    }

    @Test
    void emptyFileAndHeaderOnlyFile() throws IOException {
        file("empty.csv", "\n\n");
        assertEquals("empty.csv: the file is empty",
                assertThrows(DataException.class, () -> csv("empty.csv").read(base, "D")).getMessage());
        file("head.csv", "a,b\n");
        assertEquals("head.csv: has a header line but no data rows",
                assertThrows(DataException.class, () -> csv("head.csv").read(base, "D")).getMessage());
    }

    @Test
    void featureOrLabelBeyondTheColumns() throws IOException {
        file("d.csv", "1,2,3\n");
        DataException f = assertThrows(DataException.class,
                () -> CsvSource.builder().path("d.csv").features(Interval.of(0, 3)).build().read(base, "D"));
        assertEquals("d.csv:1: features 0..3 reach column 3, but this line has 3 columns (0..2)", f.getMessage());
        DataException l = assertThrows(DataException.class,
                () -> CsvSource.builder().path("d.csv").label(3).build().read(base, "D"));
        assertEquals("d.csv:1: label 3 is beyond the 3 columns of this line (0..2)", l.getMessage());
    }

    @Test
    void nonIntegerLabel() throws IOException {
        file("d.csv", "1,2.5\n");
        assertEquals("d.csv:1: column 1 holds '2.5', not an integer label", assertThrows(DataException.class,
                () -> CsvSource.builder().path("d.csv").label(1).build().read(base, "D")).getMessage());
    }

    @Test
    void describeIsGenSyntaxOfTheGivenSettings() {
        assertEquals("csv(\"data/digits.csv\")", csv("data/digits.csv").describe());
        assertEquals("csv(\"data/digits.csv\", features 0..63, label 64, header, delimiter \";\")",
                CsvSource.builder().path("data/digits.csv").features(Interval.of(0, 63)).label(64).header(true)
                        .delimiter(";").build().describe());
        assertEquals("csv(\"d.csv\", features [0, 2, 5])",
                CsvSource.builder().path("d.csv").features(0, 2, 5).build().describe());
    }

    @Test
    void builderRefusesMissingPath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CsvSource.builder().build());
        assertTrue(e.getMessage().contains("path"));
    }
}
