package org.thermogen.lang.generator;

import java.util.Set;

/**
 * Facts about the .gen file being generated that every class of it shares.
 *
 * @param fileName    the .gen file name without folders, for comments and provenance
 * @param packageName the Java package (the file's {@code package}), or empty
 * @param sha256      SHA-256 of the file's text
 * @param classNames  simple names of the classes generated into the package
 */
record GeneratedFile(String fileName, String packageName, String sha256, Set<String> classNames) {
}
