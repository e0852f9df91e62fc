package org.thermogen.runtime.definition;

import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.train.Trainer;

/**
 * A {@code train on Spins16.train with ...} clause.
 *
 * @param data    the dataset
 * @param part    the part of its split, or null for all rows
 * @param trainer the trainer with its settings
 */
public record TrainingPlan(DatasetDefinition data, String part, Trainer trainer) {
}
