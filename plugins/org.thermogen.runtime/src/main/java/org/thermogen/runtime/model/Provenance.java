package org.thermogen.runtime.model;

/**
 * Where a set of trained parameters came from: enough to reproduce it. It holds no
 * clock time, so that the same seed gives a bit-identical checkpoint; run outputs record
 * when they were made.
 *
 * @param sourceFile     the .gen file name
 * @param sourceHash     SHA-256 of the .gen text
 * @param model          the model name
 * @param trainer        the trainer and its settings, as written in .gen syntax
 * @param seed           the run seed
 * @param datasetDigest  SHA-256 of the training data (rows as IEEE doubles, row-major)
 * @param runtimeVersion Thermogen runtime version
 * @param javaVersion    {@code java.version} of the training JVM
 */
public record Provenance(String sourceFile, String sourceHash, String model, String trainer, long seed,
        String datasetDigest, String runtimeVersion, String javaVersion) {
}
