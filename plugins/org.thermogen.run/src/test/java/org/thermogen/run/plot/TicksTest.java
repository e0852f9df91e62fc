package org.thermogen.run.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TicksTest {

    private static void check(Ticks t, double[] values, String... labels) {
        assertArrayEquals(values, t.values());
        assertArrayEquals(labels, t.labels());
        assertEquals(values[0], t.low());
        assertEquals(values[values.length - 1], t.high());
    }

    @Test
    void unitIntervalInFiveSteps() {
        // 0.1 would need 10 intervals; 0.2 is the smallest 1-2-5 step within 5. The values are
        // the literals 0.6 and 0.8, not 3 * 0.2 = 0.6000000000000001.
        check(Ticks.linear(0, 1, 5), new double[] {0, 0.2, 0.4, 0.6, 0.8, 1.0},
                "0.0", "0.2", "0.4", "0.6", "0.8", "1.0");
    }

    @Test
    void rangeIsWidenedToTheOutermostTicks() {
        check(Ticks.linear(0.13, 9.7, 6), new double[] {0, 2, 4, 6, 8, 10}, "0", "2", "4", "6", "8", "10");
        check(Ticks.linear(-3.2, 47, 6), new double[] {-10, 0, 10, 20, 30, 40, 50},
                "-10", "0", "10", "20", "30", "40", "50");
        check(Ticks.linear(1, 200, 8), new double[] {0, 50, 100, 150, 200}, "0", "50", "100", "150", "200");
    }

    @Test
    void endsOnTicksAddNoExtraTick() {
        // 0.6 / 0.2 is 2.9999999999999996 in doubles; the axis must still start at 0.6.
        check(Ticks.linear(0.6, 1.4, 4), new double[] {0.6, 0.8, 1.0, 1.2, 1.4}, "0.6", "0.8", "1.0", "1.2", "1.4");
    }

    @Test
    void smallStepsAndNegativeNumbers() {
        check(Ticks.linear(-0.013, 0.012, 6), new double[] {-0.015, -0.01, -0.005, 0, 0.005, 0.01, 0.015},
                "-0.015", "-0.010", "-0.005", "0.000", "0.005", "0.010", "0.015");
    }

    @Test
    void scientificLabelsForHugeAndTinyValues() {
        check(Ticks.linear(0, 3e6, 3), new double[] {0, 1e6, 2e6, 3e6}, "0", "1e6", "2e6", "3e6");
        check(Ticks.linear(1e-7, 2.4e-6, 5), new double[] {0, 5e-7, 1e-6, 1.5e-6, 2e-6, 2.5e-6},
                "0", "5e-7", "1e-6", "1.5e-6", "2e-6", "2.5e-6");
    }

    @Test
    void emptyRangeIsWidenedAroundItsValue() {
        // 5 +- 10% is [4.5, 5.5]; in 4 intervals at most that is steps of 0.5.
        check(Ticks.linear(5, 5, 4), new double[] {4.5, 5.0, 5.5}, "4.5", "5.0", "5.5");
    }

    @Test
    void zeroRangeAtZero() {
        check(Ticks.linear(0, 0, 4), new double[] {-1, -0.5, 0, 0.5, 1}, "-1.0", "-0.5", "0.0", "0.5", "1.0");
    }

    @Test
    void logarithmicAxisOverManyDecades() {
        check(Ticks.logarithmic(0.003, 250), new double[] {0.001, 0.01, 0.1, 1, 10, 100, 1000},
                "0.001", "0.01", "0.1", "1", "10", "100", "1000");
        check(Ticks.logarithmic(1e-12, 1), new double[] {1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 1},
                "1e-12", "1e-10", "1e-8", "1e-6", "1e-4", "0.01", "1");
    }

    @Test
    void logarithmicAxisWithinADecadeUsesOneTwoFive() {
        check(Ticks.logarithmic(2, 8), new double[] {1, 2, 5, 10}, "1", "2", "5", "10");
        check(Ticks.logarithmic(0.3, 4), new double[] {0.1, 0.2, 0.5, 1, 2, 5, 10},
                "0.1", "0.2", "0.5", "1", "2", "5", "10");
    }

    @Test
    void insideKeepsTheRangeAndDropsOuterTicks() {
        Ticks t = Ticks.inside(-0.3, 7.4, 8);
        assertArrayEquals(new double[] {0, 2, 4, 6}, t.values());
        assertArrayEquals(new String[] {"0", "2", "4", "6"}, t.labels());
        assertEquals(-0.3, t.low());
        assertEquals(7.4, t.high());
    }

    @Test
    void refusesWhatHasNoAxis() {
        assertThrows(IllegalArgumentException.class, () -> Ticks.linear(0, Double.NaN, 5));
        assertThrows(IllegalArgumentException.class, () -> Ticks.logarithmic(0, 1));
    }
}
