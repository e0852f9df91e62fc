package org.thermogen.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TransformsTest {

    private static Dataset data(int rows, int cols, double... v) {
        return new Dataset("Digits", rows, cols, v, null);
    }

    @Test
    void scaleMultipliesAndDescribesAsAFraction() {
        Dataset d = Transforms.scale(0.0625).apply(data(1, 2, 16, 8));
        assertArrayEquals(new double[] {1, 0.5}, d.values());
        assertEquals("scale 1/16", Transforms.scale(0.0625).describe());
        assertEquals("scale 1/3", Transforms.scale(1.0 / 3).describe());
        assertEquals("scale 2.5", Transforms.scale(2.5).describe());
        assertEquals("scale 0.3", Transforms.scale(0.3).describe());
        assertEquals("scale 1/10000", Transforms.scale(1e-4).describe());
        assertEquals("scale -2", Transforms.scale(-2).describe());
    }

    @Test
    void binarizeIsStrictlyAboveTheThreshold() {
        Dataset d = Transforms.binarize(0.5).apply(data(1, 4, 0.2, 0.5, 0.51, 7));
        assertArrayEquals(new double[] {0, 0, 1, 1}, d.values());
        assertEquals("binarize 0.5", Transforms.binarize().describe());
        assertEquals("binarize 8", Transforms.binarize(8).describe());
    }

    @Test
    void spinsMapsZeroOneAndNamesTheFirstOtherValue() {
        Dataset d = Transforms.spins().apply(data(2, 2, 0, 1, 1, 0));
        assertArrayEquals(new double[] {-1, 1, 1, -1}, d.values());
        DataException e = assertThrows(DataException.class, () -> Transforms.spins().apply(data(2, 3, 0, 1, 1, 1, 0, 0.5)));
        assertEquals("Digits: row 2, column 2 holds 0.5, but spins maps only 0 and 1 to -1 and +1:"
                + " put binarize before spins", e.getMessage());
    }

    @Test
    void standardizeGivesZeroMeanUnitVarianceAndLeavesConstantColumnsAtZero() {
        // Column 0: 1, 2, 3, 4 has mean 2.5 and variance (with divisor n) 1.25.
        // Column 1 is constant 0.1, whose floating-point mean is not exactly 0.1.
        Dataset d = Transforms.standardize().apply(data(4, 2, 1, 0.1, 2, 0.1, 3, 0.1, 4, 0.1));
        double s = Math.sqrt(1.25);
        double[] expected = {-1.5 / s, 0, -0.5 / s, 0, 0.5 / s, 0, 1.5 / s, 0};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], d.values()[i], 1e-15, "value " + i);
        }
        assertEquals("standardize", Transforms.standardize().describe());
    }

    @Test
    void labelsRideAlong() {
        int[] labels = {3, 4};
        Dataset d = Transforms.scale(2).apply(new Dataset("D", 2, 1, new double[] {1, 2}, labels));
        assertSame(labels, d.labels());
    }

    /**
     * In a split dataset standardize is fitted on the first part alone: the training rows
     * come out with mean 0 and variance 1 exactly, and they do not move when a held-out row
     * changes (no held-out row leaks into training). A test row made 1e6 would otherwise
     * shift every training value.
     */
    @Test
    void standardizeIsFittedOnTheRowsTrainedOn() {
        double[] values = new double[40];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.sin(i) * 3 + i % 5;
        }
        LoadedDataset clean = definition(values).load(java.nio.file.Path.of(""));
        Dataset train = clean.part("train");
        double mean = 0;
        double sq = 0;
        for (double v : train.values()) {
            mean += v / train.rows();
        }
        for (double v : train.values()) {
            sq += (v - mean) * (v - mean) / train.rows();
        }
        assertEquals(0, mean, 1e-12);
        assertEquals(1, sq, 1e-12);
        // Make one held-out row an outlier: the training part stays what it was, to the bit.
        double[] changed = values.clone();
        int[] testRows = testRowsOf(values);
        changed[testRows[0]] = 1e6;
        assertArrayEquals(train.values(), definition(changed).load(java.nio.file.Path.of("")).part("train").values(), 0.0);
    }

    /**
     * The way back to the source's units undoes scale and standardize as fitted (on the
     * training part), every row included, to rounding; a constant column goes back to its
     * value; binarize or spins anywhere in the chain leaves no way back.
     */
    @Test
    void scaleAndStandardizeAreUndoneAsFitted() {
        double[] values = new double[40];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.sin(i) * 3 + i % 5 + 100;
        }
        LoadedDataset loaded = definition(values).load(java.nio.file.Path.of(""));
        double[] back = loaded.all().values().clone();
        loaded.toSource().orElseThrow().undo(back, 1);
        assertArrayEquals(values, back, 1e-12);
        // Two transforms: undone last first (standardize, then the scale).
        DatasetDefinition two = DatasetDefinition.builder("S", "s.gen", 1).source(new DataSource() {
            @Override
            public String describe() {
                return "values";
            }

            @Override
            public Dataset read(java.nio.file.Path base, String name) {
                return new Dataset(name, values.length, 1, values.clone(), null);
            }
        }).transform(Transforms.scale(0.5)).transform(Transforms.standardize()).split(3, "train", 0.75, "test", 0.25)
                .build();
        LoadedDataset both = two.load(java.nio.file.Path.of(""));
        double[] twice = both.all().values().clone();
        both.toSource().orElseThrow().undo(twice, 1);
        assertArrayEquals(values, twice, 1e-12);
        Dataset constant = new Dataset("C", 3, 2, new double[] {1, 5, 2, 5, 3, 5}, null);
        Transform.Fitted fitted = Transforms.standardize().fit(constant, null);
        double[] z = fitted.result().values().clone();
        assertArrayEquals(Transforms.standardize().apply(constant).values(), z, 0.0);
        fitted.inverse().orElseThrow().undo(z, 2);
        assertArrayEquals(constant.values(), z, 1e-12);
        Dataset shifted = Transforms.shift(-1.5).apply(constant);
        assertArrayEquals(new double[] {-0.5, 3.5, 0.5, 3.5, 1.5, 3.5}, shifted.values(), 0.0);
        assertEquals("shift -1.5", Transforms.shift(-1.5).describe());
        double[] back1 = shifted.values().clone();
        Transforms.shift(-1.5).fit(constant, null).inverse().orElseThrow().undo(back1, 2);
        assertArrayEquals(constant.values(), back1, 0.0);
        double[] scaled = {2, 4};
        Transforms.scale(0.5).fit(constant, null).inverse().orElseThrow().undo(scaled, 2);
        assertArrayEquals(new double[] {4, 8}, scaled, 0.0);
        assertTrue(Transforms.binarize(0.5).fit(constant, null).inverse().isEmpty());
        assertTrue(Transforms.spins().fit(new Dataset("B", 2, 1, new double[] {0, 1}, null), null).inverse().isEmpty());
        DatasetDefinition chain = DatasetDefinition.builder("B", "b.gen", 1).source(new DataSource() {
            @Override
            public String describe() {
                return "values";
            }

            @Override
            public Dataset read(java.nio.file.Path base, String name) {
                return new Dataset(name, 4, 1, new double[] {0, 8, 16, 4}, null);
            }
        }).transform(Transforms.scale(1.0 / 16)).transform(Transforms.binarize(0.5)).build();
        assertTrue(chain.load(java.nio.file.Path.of("")).toSource().isEmpty());
    }

    /** 40 rows of one column, standardized, split 0.75 / 0.25 with seed 3. */
    private static DatasetDefinition definition(double[] values) {
        DataSource source = new DataSource() {
            @Override
            public String describe() {
                return "values";
            }

            @Override
            public Dataset read(java.nio.file.Path base, String name) {
                return new Dataset(name, values.length, 1, values.clone(), null);
            }
        };
        return DatasetDefinition.builder("D", "d.gen", 1).source(source).transform(Transforms.standardize())
                .split(3, "train", 0.75, "test", 0.25).build();
    }

    /** The rows of the test part: a row whose value marks it. */
    private static int[] testRowsOf(double[] values) {
        double[] marked = new double[values.length];
        for (int i = 0; i < marked.length; i++) {
            marked[i] = i;
        }
        DataSource source = new DataSource() {
            @Override
            public String describe() {
                return "indices";
            }

            @Override
            public Dataset read(java.nio.file.Path base, String name) {
                return new Dataset(name, marked.length, 1, marked.clone(), null);
            }
        };
        double[] test = DatasetDefinition.builder("D", "d.gen", 1).source(source).split(3, "train", 0.75, "test", 0.25)
                .build().load(java.nio.file.Path.of("")).part("test").values();
        int[] rows = new int[test.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (int) test[i];
        }
        return rows;
    }
}

