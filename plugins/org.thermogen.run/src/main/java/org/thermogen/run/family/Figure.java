package org.thermogen.run.family;

import java.nio.file.Path;

/**
 * A picture a family wrote, with what the report says about it.
 *
 * @param file    the PNG in the output folder
 * @param heading the report section it opens, or null to follow the samples or evaluations
 * @param caption one sentence saying what it shows
 * @param alt     the picture's short name (its alternative text)
 */
public record Figure(Path file, String heading, String caption, String alt) {
}
