package org.thermogen.runtime.data;

import java.nio.file.Path;
import java.util.Optional;

/** Where a dataset's rows come from: a file, or a seeded synthetic generator. */
public interface DataSource {

    /** The source in .gen syntax: {@code csv("data/digits.csv", features 0..63, label 64)}. */
    String describe();

    /**
     * Reads or generates all rows.
     *
     * @param baseDirectory where relative paths start (the .gen file's folder)
     * @param name          the dataset's name, for the result and for messages
     * @throws DataException with file and line when the data is unreadable or malformed
     */
    Dataset read(Path baseDirectory, String name);

    /** The distribution the rows were drawn from, when the source knows it. */
    default Optional<GroundTruth> truth() {
        return Optional.empty();
    }
}
