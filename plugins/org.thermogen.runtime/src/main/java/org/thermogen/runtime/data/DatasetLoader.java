package org.thermogen.runtime.data;

import java.nio.file.Path;

/**
 * How a dataset declaration is loaded when not from its own source: from another file
 * ({@code thermogen run --data FILE}), or onto a cluster that keeps the rows and gives this
 * JVM a sample of them ({@link LoadedDataset#elsewhere}).
 */
public interface DatasetLoader {

    /** The declaration's rows, transforms and split, loaded. */
    LoadedDataset load(DatasetDefinition definition, Path baseDirectory);

    /** Where the rows come from, for messages. */
    String describe();

    /** Loads the declaration with {@code source} for its own: the same transforms and split. */
    static DatasetLoader reading(DataSource source) {
        java.util.Objects.requireNonNull(source);
        return new DatasetLoader() {
            @Override
            public LoadedDataset load(DatasetDefinition definition, Path baseDirectory) {
                return definition.withSource(source).load(baseDirectory);
            }

            @Override
            public String describe() {
                return source.describe();
            }
        };
    }
}
