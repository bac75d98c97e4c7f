package dev.cgan.cli;

import dev.cgan.core.checkpoint.CheckpointInfo;
import dev.cgan.core.data.Dataset;
import dev.cgan.core.data.DatasetLocator;
import dev.cgan.core.eval.HeldOutSplit;
import dev.cgan.core.model.ModelCatalog;
import java.util.Optional;

/**
 * The real images an evaluation uses: the run's training data (located as {@code train} located it) and its test
 * split, or, when the data has none (the embedded Fashion-MNIST is itself the test split), a held-out sixth of it on
 * which the classifier is not trained.
 *
 * @param train the classifier's training images
 * @param test  the images its accuracy and the real features come from
 */
record EvaluationData(Dataset train, Dataset test) {

    static EvaluationData of(CheckpointInfo info) {
        Dataset data = locate(info.config().data(), info.config().model());
        if (!data.classNames().equals(info.classNames())) {
            throw new UsageException("the run was trained on classes " + info.classNames() + " but its data now has "
                    + data.classNames() + "; evaluate it where its data (" + info.datasetDescription() + ") is");
        }
        return split(info.config().data(), data);
    }

    /**
     * The evaluation data of training data located from {@code dataDirectory} (null: the default) for {@code model}
     * (image folders are decoded to the model's own image shape, as {@code train} decodes them).
     */
    static EvaluationData of(java.nio.file.Path dataDirectory, String model) {
        return split(dataDirectory, locate(dataDirectory, model));
    }

    private static Dataset locate(java.nio.file.Path dataDirectory, String model) {
        return DatasetLocator.locate(dataDirectory, ModelCatalog.imageShape(model));
    }

    private static EvaluationData split(java.nio.file.Path dataDirectory, Dataset data) {
        Optional<Dataset> test = DatasetLocator.testSplit(dataDirectory);
        return test.map(t -> new EvaluationData(data, t))
                .orElseGet(() -> new EvaluationData(HeldOutSplit.trainPart(data), HeldOutSplit.testPart(data)));
    }
}
