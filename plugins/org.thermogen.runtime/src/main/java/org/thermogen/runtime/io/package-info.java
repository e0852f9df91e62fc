/**
 * Files Thermogen writes and reads: {@link org.thermogen.runtime.io.Checkpoint checkpoints}
 * (checksummed JSON with the model's signature, plus {@code .npy} exports),
 * {@link org.thermogen.runtime.io.Json JSON}, NumPy {@link org.thermogen.runtime.io.Npy .npy}
 * arrays, and {@link org.thermogen.runtime.io.AtomicFiles atomic writes} (temporary file,
 * fsync, rename) that every output goes through.
 */
package org.thermogen.runtime.io;
