package org.thermogen.lang.catalog;

/** What an argument's value must be. */
public enum Type {
    INT("a whole number"),
    LONG("a whole number"),
    NUMBER("a number"),
    FLAG("a flag (write the word alone, or true/false)"),
    STRING("a string in double quotes"),
    COLUMNS("a range such as 0..63, a list [0, 2, 5] or a column number"),
    NUMBERS("a list of numbers such as [1, -1]"),
    MATRIX("a list of rows such as [[1, 0.5], [0.5, 1]]"),
    DISTRIBUTION("a distribution: normal(mean, std), uniform(low, high) or constant(value)"),
    EXPECTATION("an expectation: exact or gibbs(...)"),
    OPTIMIZER("an optimizer: gd(lr auto), nesterov(lr auto), sgd(lr 0.05) or adam(lr 1e-3)"),
    LEARNING_RATE("auto or a number"),
    SCHEDULE("a number, or a ramp over training such as 0.5 -> 0.9"),
    RANGE("a range of numbers such as 1e-4 .. 0.02"),
    COUNTS("a range of whole numbers such as 1..8"),
    VARIANCE("beta or posterior"),
    START("kmeans (k-means++ seeds, then k-means) or parameters (the declared initial values)"),
    LADDER("geometric(min, max, count) or a list of temperatures such as [1, 1.5, 2]"),
    ESTIMATOR("exact, ais(runs 100, temperatures 10000) or, for VAEs, iwae(k 500)"),
    DOMAIN("spin or binary"),
    DATA("a dataset part such as Spins16.test"),
    PART("a dataset part such as Digits.test, or a dataset (all its rows)"),
    KEEP("best (the parameters of the best held-out epoch) or last"),
    DATASET("a dataset name"),
    REFERENCE("a model, a dataset (its true distribution) or a dataset part (its data)");

    private final String description;

    Type(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
