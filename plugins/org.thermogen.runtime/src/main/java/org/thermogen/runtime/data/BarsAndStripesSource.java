package org.thermogen.runtime.data;

import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.thermogen.runtime.model.Domain;

/**
 * Bars and stripes (MacKay 2003), {@code bars_and_stripes(size 4, n 1000, domain binary,
 * seed 0)}: {@code size x size} images, flattened row by row, each drawn uniformly from the
 * {@code 2^(size+1) - 2} distinct patterns in which every row is all on or all off
 * (stripes) or every column is (bars); the blank and the full image are both, and counted
 * once. Pixels are 0/1 ({@code domain binary}) or -1/+1 ({@code domain spin}).
 *
 * <p>From {@code new SplittableRandom(seed)}, row {@code r} takes pattern
 * {@code p = nextInt(2^(size+1) - 2)}: for {@code p < 2^size} the stripes whose image rows
 * are the set bits of {@code p} (bit {@code i} for row {@code i}); otherwise the bars whose
 * columns are the set bits of {@code p - 2^size + 1}, which lies in
 * {@code 1 .. 2^size - 2}. The label of a row is its pattern index {@code p}.
 *
 * <p>Defaults: {@code size 4, n 1000, domain binary, seed 0}.
 */
public final class BarsAndStripesSource implements DataSource {
    /** Up to 16 x 16 images: 131070 patterns. */
    public static final int MAX_SIZE = 16;

    private final int size;
    private final int n;
    private final Domain domain;
    private final long seed;

    private BarsAndStripesSource(Builder b) {
        this.size = b.size;
        this.n = b.n;
        this.domain = b.domain;
        this.seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "bars_and_stripes(size " + size + ", n " + n + ", domain " + domain.name().toLowerCase(Locale.ROOT) + ", seed " + seed
                + ")";
    }

    /** Number of distinct patterns, {@code 2^(size+1) - 2}. */
    public int patterns() {
        return patterns(size);
    }

    static int patterns(int size) {
        return (1 << (size + 1)) - 2;
    }

    /** Writes pattern {@code p} ({@code 0 <= p < patterns()}) into {@code out} as 0/1 or -1/+1 pixels. */
    public void pattern(int p, double[] out) {
        if (p < 0 || p >= patterns()) {
            throw new IllegalArgumentException("pattern " + p + " is not in 0.." + (patterns() - 1));
        }
        double off = domain == Domain.SPIN ? -1.0 : 0.0;
        boolean stripes = p < (1 << size);
        int bits = stripes ? p : p - (1 << size) + 1;
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                int line = stripes ? i : j;
                out[i * size + j] = (bits >>> line & 1) != 0 ? 1.0 : off;
            }
        }
    }

    @Override
    public Dataset read(Path baseDirectory, String name) {
        SplittableRandom random = new SplittableRandom(seed);
        int d = size * size;
        double[] values = new double[n * d];
        int[] labels = new int[n];
        double[] image = new double[d];
        int count = patterns();
        for (int r = 0; r < n; r++) {
            int p = random.nextInt(count);
            labels[r] = p;
            pattern(p, image);
            System.arraycopy(image, 0, values, r * d, d);
        }
        return new Dataset(name, n, d, values, labels);
    }

    /** Settings of {@code bars_and_stripes(...)}. */
    public static final class Builder {
        private int size = 4;
        private int n = 1000;
        private Domain domain = Domain.BINARY;
        private long seed;

        private Builder() {
        }

        /** Images are {@code size x size}. Default 4. */
        public Builder size(int v) {
            this.size = v;
            return this;
        }

        /** Number of rows. Default 1000. */
        public Builder n(int v) {
            this.n = v;
            return this;
        }

        /** {@code BINARY} (0/1 pixels) or {@code SPIN} (-1/+1). Default binary. */
        public Builder domain(Domain v) {
            this.domain = v;
            return this;
        }

        /** Seed of the generator. Default 0. */
        public Builder seed(long v) {
            this.seed = v;
            return this;
        }

        public BarsAndStripesSource build() {
            if (size < 1 || size > MAX_SIZE) {
                throw new IllegalArgumentException("bars_and_stripes size must be 1 to " + MAX_SIZE + ", not " + size);
            }
            if (n < 1) {
                throw new IllegalArgumentException("bars_and_stripes n must be at least 1, not " + n);
            }
            if (domain == null || domain == Domain.REAL) {
                throw new IllegalArgumentException("bars_and_stripes draws binary or spin pixels: domain binary or domain spin");
            }
            if ((long) n * size * size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("bars_and_stripes n * size^2 is too large for one dataset: "
                        + (long) n * size * size);
            }
            return new BarsAndStripesSource(this);
        }
    }
}
