package org.thermogen.runtime.model;

/** Structural constraints on a parameter, kept true by every trainer. */
public enum Constraint {
    /** A square matrix equal to its transpose. */
    SYMMETRIC("symmetric"),
    /** A square matrix whose diagonal stays zero. */
    ZERO_DIAGONAL("zero_diagonal"),
    /** A symmetric positive definite matrix (a covariance). */
    SPD("spd"),
    /** Every element strictly positive. */
    POSITIVE("positive"),
    /** Non-negative elements that sum to one. */
    SIMPLEX("simplex");

    private final String keyword;

    Constraint(String keyword) {
        this.keyword = keyword;
    }

    /** The word used in .gen files. */
    public String keyword() {
        return keyword;
    }

    /** The constraint a .gen keyword names, or null. */
    public static Constraint ofKeyword(String word) {
        for (Constraint c : values()) {
            if (c.keyword.equals(word)) {
                return c;
            }
        }
        return null;
    }
}
