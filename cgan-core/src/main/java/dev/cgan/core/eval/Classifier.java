package dev.cgan.core.eval;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.LeakyReLU;
import dev.cgan.api.layer.Linear;
import dev.cgan.api.layer.ReLU;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorOps;
import dev.cgan.core.init.DcganInit;
import dev.cgan.core.init.SeededRandom;
import dev.cgan.core.model.Network;
import dev.cgan.core.model.NetworkSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small convolutional classifier that judges generated images: two 4×4 stride-2 convolutions (32 and 64
 * channels, LeakyReLU 0.2), a {@value #FEATURES}-unit ReLU layer — the <em>features</em> the Fréchet distance
 * compares — and a linear layer to one logit per class. Images are {@code [N, channels, size, size]} in [-1, 1],
 * {@code size} a multiple of 4. Built from the API's layers, so it runs on any backend.
 */
public final class Classifier {

    /** Width of the penultimate layer, whose activations are the features. */
    public static final int FEATURES = 128;

    private final ComputeContext context;
    private final TensorOps ops;
    private final int channels;
    private final int size;
    private final int numClasses;
    private final Network conv;
    private final Network dense;
    private final Network head;

    /**
     * Builds the classifier on {@code context} with initial weights from {@code rng} (N(0, 0.02), biases 0).
     *
     * @throws IllegalArgumentException if {@code size} is not a positive multiple of 4
     */
    public Classifier(ComputeContext context, int channels, int size, int numClasses, SeededRandom rng) {
        if (size < 4 || size % 4 != 0) {
            throw new IllegalArgumentException("the classifier needs images whose side is a multiple of 4, got "
                    + size);
        }
        this.context = context;
        this.ops = context.ops();
        this.channels = channels;
        this.size = size;
        this.numClasses = numClasses;
        int flat = 64 * (size / 4) * (size / 4);
        this.conv = new Network(context, new NetworkSpec("classifier.conv", List.of(
                new Conv2d(channels, 32, 4, 2, 1, true), new LeakyReLU(0.2),
                new Conv2d(32, 64, 4, 2, 1, true), new LeakyReLU(0.2))));
        this.dense = new Network(context, new NetworkSpec("classifier.dense", List.of(
                new Linear(flat, FEATURES, true), new ReLU())));
        this.head = new Network(context, new NetworkSpec("classifier.head", List.of(
                new Linear(FEATURES, numClasses, true))));
        for (Network n : networks()) {
            DcganInit.apply(n, rng);
        }
    }

    /** Image channels. */
    public int channels() {
        return channels;
    }

    /** Image side. */
    public int size() {
        return size;
    }

    /** Number of classes (logits). */
    public int numClasses() {
        return numClasses;
    }

    /** The penultimate activations {@code [N, FEATURES]} of images {@code [N, channels, size, size]}. */
    public Tensor features(Tensor images) {
        int n = images.shape().dim(0);
        Tensor maps = conv.forward(images, false);
        return dense.forward(ops.reshape(maps, Shape.of(n, maps.shape().sizeAsInt() / n)), false);
    }

    /** Class logits {@code [N, numClasses]} from features. */
    public Tensor logits(Tensor features) {
        return head.forward(features, false);
    }

    /** Every trainable parameter, in order. */
    public List<Tensor> parameters() {
        List<Tensor> out = new ArrayList<>();
        for (Network n : networks()) {
            out.addAll(n.parameters().values());
        }
        return out;
    }

    /** Every parameter by name ({@code classifier.conv.0.weight}, ...), for saving and loading. */
    public Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Network n : networks()) {
            out.putAll(n.state());
        }
        return out;
    }

    /** The context the classifier lives on. */
    ComputeContext context() {
        return context;
    }

    private List<Network> networks() {
        return List.of(conv, dense, head);
    }
}
