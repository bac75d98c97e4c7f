package dev.cgan.bench;

import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.tensor.Shape;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.model.NetworkSpec;
import java.util.List;

/**
 * A layer of the seed's {@code dcgan64} (3 classes, 3 channels) named as in its PyTorch {@code state_dict}
 * ({@code discriminator.2}, {@code generator.6}), with the input shape it sees in training at a given batch size.
 *
 * @param name  the layer's name
 * @param spec  its spec
 * @param input its input shape
 */
record SeedLayer(String name, LayerSpec spec, Shape input) {

    /**
     * The layer called {@code name} in the seed's model.
     *
     * @throws IllegalArgumentException for a name that is not {@code generator.i} or {@code discriminator.i}
     */
    static SeedLayer of(String name, int batchSize) {
        ModelSpec model = TrainingSetup.model("dcgan64");
        String[] parts = name.split("\\.");
        int index;
        try {
            index = parts.length == 2 ? Integer.parseInt(parts[1]) : -1;
        } catch (NumberFormatException e) {
            index = -1;
        }
        NetworkSpec network = parts[0].equals("generator") ? model.generator()
                : parts[0].equals("discriminator") ? model.discriminator() : null;
        if (network == null || index < 0 || index >= network.layers().size()) {
            throw new IllegalArgumentException("unknown layer '" + name + "': use generator.0-"
                    + (model.generator().layers().size() - 1) + " or discriminator.0-"
                    + (model.discriminator().layers().size() - 1) + " (the seed's state_dict indices)");
        }
        Shape shape = network == model.generator()
                ? Shape.of(batchSize, model.zDim() + model.numClasses(), 1, 1)
                : Shape.of(batchSize, model.channels() + model.numClasses(), model.imageSize(), model.imageSize());
        List<LayerSpec> layers = network.layers();
        for (int i = 0; i < index; i++) {
            shape = layers.get(i).outputShape(shape);
        }
        return new SeedLayer(name, layers.get(index), shape);
    }
}
