package org.thermogen.run.family;

/**
 * A Gaussian component over two units, drawn as its 1- and 2-sigma ellipses on a scatter
 * plot of samples: mean {@code (cx, cy)}, covariance {@code [[sxx, sxy], [sxy, syy]]}.
 */
public record Outline(double cx, double cy, double sxx, double sxy, double syy) {
}
