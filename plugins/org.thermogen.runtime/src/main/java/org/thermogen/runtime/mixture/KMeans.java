package org.thermogen.runtime.mixture;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.thermogen.runtime.run.Parallel;

/**
 * k-means clustering as scikit-learn's {@code GaussianMixture(init_params="kmeans")} starts
 * from it: greedy k-means++ seeding (Arthur and Vassilvitskii 2007; {@code 2 + ln K}
 * candidates per new centre, the one lowering the potential most is kept), then Lloyd's
 * iterations until no label changes (at most {@value #MAX_ITERATIONS}). A cluster left
 * empty keeps its centre. Deterministic for a given random stream, whatever the pool.
 */
final class KMeans {
    static final int MAX_ITERATIONS = 300;

    private KMeans() {
    }

    /** The cluster of each of the {@code n} rows. */
    static int[] labels(double[] x, int n, int d, int k, SplittableRandom random, ForkJoinPool pool) {
        double[] centers = plusPlus(x, n, d, k, random);
        int[] labels = new int[n];
        Arrays.fill(labels, -1);
        int chunks = Chunks.count(n);
        int[] changed = new int[chunks];
        double[][] sums = new double[chunks][k * d];
        int[][] counts = new int[chunks][k];
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            Parallel.forEach(pool, chunks, chunk -> {
                double[] s = sums[chunk];
                int[] cnt = counts[chunk];
                Arrays.fill(s, 0.0);
                Arrays.fill(cnt, 0);
                int moved = 0;
                for (int i = Chunks.start(chunk); i < Chunks.end(chunk, n); i++) {
                    int best = nearest(x, i * d, centers, k, d);
                    if (best != labels[i]) {
                        labels[i] = best;
                        moved++;
                    }
                    cnt[best]++;
                    for (int j = 0; j < d; j++) {
                        s[best * d + j] += x[i * d + j];
                    }
                }
                changed[chunk] = moved;
            });
            int moved = 0;
            for (int m : changed) {
                moved += m;
            }
            if (moved == 0) {
                break;
            }
            for (int c = 0; c < k; c++) {
                long total = 0;
                for (int ch = 0; ch < chunks; ch++) {
                    total += counts[ch][c];
                }
                if (total == 0) {
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    double v = 0;
                    for (int ch = 0; ch < chunks; ch++) {
                        v += sums[ch][c * d + j];
                    }
                    centers[c * d + j] = v / total;
                }
            }
        }
        return labels;
    }

    /** Greedy k-means++ centres, {@code k * d} values. */
    static double[] plusPlus(double[] x, int n, int d, int k, SplittableRandom random) {
        double[] centers = new double[k * d];
        int first = random.nextInt(n);
        System.arraycopy(x, first * d, centers, 0, d);
        double[] closest = new double[n];
        double potential = 0;
        for (int i = 0; i < n; i++) {
            closest[i] = distance(x, i * d, centers, 0, d);
            potential += closest[i];
        }
        int trials = 2 + (int) Math.log(k);
        double[] cumulative = new double[n];
        double[] candidate = new double[n];
        double[] best = new double[n];
        for (int c = 1; c < k; c++) {
            double acc = 0;
            for (int i = 0; i < n; i++) {
                acc += closest[i];
                cumulative[i] = acc;
            }
            int chosen = -1;
            double bestPotential = Double.POSITIVE_INFINITY;
            for (int t = 0; t < trials; t++) {
                int index;
                if (acc > 0) {
                    double r = random.nextDouble() * acc;
                    index = Arrays.binarySearch(cumulative, r);
                    index = index >= 0 ? index + 1 : -index - 1;
                    index = Math.min(index, n - 1);
                } else {
                    index = random.nextInt(n);
                }
                double pot = 0;
                for (int i = 0; i < n; i++) {
                    candidate[i] = Math.min(closest[i], distance(x, i * d, x, index * d, d));
                    pot += candidate[i];
                }
                if (pot < bestPotential) {
                    bestPotential = pot;
                    chosen = index;
                    System.arraycopy(candidate, 0, best, 0, n);
                }
            }
            System.arraycopy(x, chosen * d, centers, c * d, d);
            System.arraycopy(best, 0, closest, 0, n);
        }
        return centers;
    }

    private static int nearest(double[] x, int offset, double[] centers, int k, int d) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            double dist = distance(x, offset, centers, c * d, d);
            if (dist < bestDistance) {
                bestDistance = dist;
                best = c;
            }
        }
        return best;
    }

    private static double distance(double[] a, int ao, double[] b, int bo, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            double t = a[ao + j] - b[bo + j];
            s += t * t;
        }
        return s;
    }
}
