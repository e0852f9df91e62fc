package org.thermogen.lang.energy;

/**
 * A summation index with its inclusive range. Identity matters: two loops with the same
 * name in different sums are different loops.
 */
public final class Loop {
    private final String name;
    private final int lo;
    private final int hi;

    public Loop(String name, int lo, int hi) {
        this.name = name;
        this.lo = lo;
        this.hi = hi;
    }

    /** The name in the .gen file, or a generated one for contractions. */
    public String name() {
        return name;
    }

    public int lo() {
        return lo;
    }

    public int hi() {
        return hi;
    }

    @Override
    public String toString() {
        return name + " in " + lo + ".." + hi;
    }
}
