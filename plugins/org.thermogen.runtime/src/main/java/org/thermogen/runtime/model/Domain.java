package org.thermogen.runtime.model;

/** The values a unit can take. */
public enum Domain {
    /** Any real number. */
    REAL,
    /** 0 or 1. */
    BINARY,
    /** -1 or +1. */
    SPIN;
}
