package dev.cgan.core.train;

import dev.cgan.core.data.CroppedDataset;
import dev.cgan.core.data.Dataset;
import dev.cgan.core.data.UnitRangeDataset;
import dev.cgan.core.data.UpscaledDataset;
import dev.cgan.core.model.ModelSpec;

/** The training data as a model sees it: its image size and its pixel range. */
public final class ModelData {

    private ModelData() {
    }

    /**
     * {@code dataset} at {@code model}'s image size (enlarged by a whole factor, or centre-cropped when the model's
     * images are smaller: 32×32-padded Fashion-MNIST back to 28×28 for the MLP) and in its pixel range.
     *
     * @throws dev.cgan.core.data.DatasetException if the sizes do not fit
     */
    public static Dataset fit(Dataset dataset, ModelSpec model) {
        Dataset sized = model.imageSize() < dataset.imageSize()
                ? new CroppedDataset(dataset, model.imageSize())
                : UpscaledDataset.fit(dataset, model.imageSize());
        return model.pixels() == ModelSpec.PixelRange.UNIT ? new UnitRangeDataset(sized) : sized;
    }
}
