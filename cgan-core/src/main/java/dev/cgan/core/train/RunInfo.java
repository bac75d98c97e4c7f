package dev.cgan.core.train;

import dev.cgan.core.model.ModelSpec;
import java.util.List;

/**
 * What a starting (or resuming) run is, as listeners see it.
 *
 * @param backend            backend name
 * @param device             device id, e.g. {@code cpu}
 * @param model              the architecture
 * @param datasetDescription one line saying which data is used
 * @param classNames         class names, index = label
 * @param datasetSize        number of training images
 * @param iterationsPerEpoch batches per epoch
 * @param firstIteration     1 for a fresh run, later when resuming
 * @param totalIterations    the iteration the run stops after
 * @param config             the settings
 */
public record RunInfo(String backend, String device, ModelSpec model, String datasetDescription,
                      List<String> classNames, int datasetSize, int iterationsPerEpoch, long firstIteration,
                      long totalIterations, TrainingConfig config) {
}
