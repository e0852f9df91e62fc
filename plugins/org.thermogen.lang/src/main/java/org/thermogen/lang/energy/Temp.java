package org.thermogen.lang.energy;

/**
 * A matrix function evaluated once before the expression that uses it: {@code inv(Sigma)}
 * becomes a temporary n x n array, {@code logdet(Sigma)} a temporary number. Its argument
 * is given element-wise by {@link #element()} in terms of {@link #row()} and {@link #column()}.
 */
public final class Temp {
    /** The matrix function. */
    public enum Kind {
        INVERSE, LOGDET, TRACE
    }

    private final int id;
    private final Kind kind;
    private final int n;
    private final Loop row;
    private final Loop column;
    private final Node element;
    private final String text;

    public Temp(int id, Kind kind, int n, Loop row, Loop column, Node element, String text) {
        this.id = id;
        this.kind = kind;
        this.n = n;
        this.row = row;
        this.column = column;
        this.element = element;
        this.text = text;
    }

    public int id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    /** The matrix size. */
    public int size() {
        return n;
    }

    public Loop row() {
        return row;
    }

    public Loop column() {
        return column;
    }

    /** The argument matrix's element at ({@link #row()}, {@link #column()}). */
    public Node element() {
        return element;
    }

    /** The .gen text, for comments: {@code inv(Sigma)}. */
    public String text() {
        return text;
    }
}
