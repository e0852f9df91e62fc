/**
 * The {@link org.thermogen.run.Job job runner}: trains, samples and evaluates a
 * model as its .gen declaration says and writes the files of the command line contract
 * (checkpoint, metrics, samples, evaluation, pictures and the report). The command line
 * and the Eclipse launcher both call it.
 */
package org.thermogen.run;
