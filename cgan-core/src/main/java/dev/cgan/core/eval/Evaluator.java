package dev.cgan.core.eval;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorScope;
import dev.cgan.core.data.Dataset;
import dev.cgan.core.init.ModelNoise;
import dev.cgan.core.init.SeededRandom;
import dev.cgan.core.model.Generator;
import dev.cgan.core.model.ModelSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Measures a conditional generator with a classifier trained on the real data, on the same backend:
 * <ol>
 *   <li>the classifier's accuracy on real test images — the ceiling of the next figure;</li>
 *   <li>per class, the fraction of generated samples that the classifier assigns to their conditioning label —
 *       does the generator obey the label?;</li>
 *   <li>the Fréchet distance between the classifier's penultimate features of the real test images and of the
 *       generated ones — are the samples like real ones, in variety as well as in look?</li>
 * </ol>
 * The classifier is trained once per training set and backend and cached ({@link ClassifierCache}); an evaluator
 * prepares it on construction and can then evaluate many generators (every N iterations of a run).
 *
 * <p>Samples come from a fixed seed, so evaluating the same generator twice gives the same figures; they are drawn in
 * batches that mix all classes, with the generator in the mode its sample grids use (training mode when it has
 * BatchNorm, its running statistics restored afterwards).
 */
public final class Evaluator {

    private static final int BATCH = 500;

    /**
     * How to evaluate.
     *
     * @param samplesPerClass  generated samples per class
     * @param classifierEpochs passes over the training data when the classifier has to be trained
     * @param seed             seed of the classifier's initialisation and shuffling, and of the evaluation's noise
     * @param cacheDirectory   where classifiers are cached
     */
    public record Settings(int samplesPerClass, int classifierEpochs, long seed, Path cacheDirectory) {

        public Settings {
            if (samplesPerClass < 2 || classifierEpochs < 1) {
                throw new IllegalArgumentException("need at least 2 samples per class and 1 classifier epoch, got "
                        + samplesPerClass + " and " + classifierEpochs);
            }
        }

        String classifierKey() {
            return "epochs=" + classifierEpochs + " seed=" + seed + " batch=" + ClassifierTraining.BATCH_SIZE
                    + " lr=" + ClassifierTraining.LEARNING_RATE;
        }
    }

    private final ComputeContext context;
    private final Dataset test;
    private final Settings settings;
    private final Classifier classifier;
    private final Path classifierFile;
    private final boolean trained;
    private final double ceiling;
    private final double[][] realFeatures;

    /**
     * Prepares the classifier for {@code train} (loaded from the cache, or trained and saved) and measures it on
     * {@code test}.
     *
     * @param log told what happens (one line per step; training progress every 10%)
     * @throws UncheckedIOException if a newly trained classifier cannot be saved
     */
    public Evaluator(ComputeContext context, Dataset train, Dataset test, Settings settings, Consumer<String> log) {
        if (train.imageSize() != test.imageSize() || train.channels() != test.channels()
                || !train.classNames().equals(test.classNames())) {
            throw new IllegalArgumentException("the test images (" + test.description() + ") do not match the "
                    + "training images (" + train.description() + ")");
        }
        this.context = context;
        this.test = test;
        this.settings = settings;
        SeededRandom root = new SeededRandom(settings.seed());
        this.classifier = new Classifier(context, train.channels(), train.imageSize(), train.numClasses(),
                root.fork());
        this.classifierFile = new ClassifierCache(settings.cacheDirectory()).fileFor(train, settings.classifierKey(),
                context.backend().name());
        if (ClassifierCache.load(classifierFile, classifier)) {
            log.accept("classifier loaded from " + classifierFile);
            this.trained = false;
        } else {
            log.accept("training the classifier on " + train.size() + " real images (" + train.description() + "), "
                    + settings.classifierEpochs() + " epoch(s); it is cached in " + classifierFile);
            long total = (long) settings.classifierEpochs() * (train.size() / Math.min(train.size(),
                    ClassifierTraining.BATCH_SIZE));
            long step = Math.max(1, total / 10);
            long start = System.nanoTime();
            double loss = ClassifierTraining.train(classifier, train, settings.classifierEpochs(), root.fork(), i -> {
                if (i % step == 0 || i == total) {
                    log.accept(String.format(java.util.Locale.ROOT, "  classifier iteration %d/%d (%.0f s)", i,
                            total, (System.nanoTime() - start) / 1e9));
                }
            });
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("format", "cgan-classifier");
            metadata.put("training_data", train.description());
            metadata.put("settings", settings.classifierKey());
            metadata.put("final_loss", Double.toString(loss));
            try {
                ClassifierCache.save(classifierFile, classifier, metadata);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot save the classifier to " + classifierFile + ": "
                        + e.getMessage(), e);
            }
            this.trained = true;
        }
        int[] correct = {0};
        this.realFeatures = features(test, (batchStart, predictions) -> {
            for (int i = 0; i < predictions.length; i++) {
                if (predictions[i] == test.label(batchStart + i)) {
                    correct[0]++;
                }
            }
        });
        this.ceiling = correct[0] / (double) test.size();
        log.accept(String.format(java.util.Locale.ROOT, "classifier accuracy on %d real test images: %.2f%%",
                test.size(), 100 * ceiling));
    }

    /** The classifier's accuracy on the real test images. */
    public double ceiling() {
        return ceiling;
    }

    /** Where the classifier is cached. */
    public Path classifierFile() {
        return classifierFile;
    }

    /** Measures {@code generator} (of {@code model}, at training {@code iteration}). */
    public Evaluation evaluate(Generator generator, ModelSpec model, long iteration) {
        int classes = model.numClasses();
        if (classes != classifier.numClasses() || model.channels() != classifier.channels()) {
            throw new IllegalArgumentException("the model has " + classes + " classes and " + model.channels()
                    + " channel(s) but the classifier " + classifier.numClasses() + " and " + classifier.channels());
        }
        int total = settings.samplesPerClass() * classes;
        SeededRandom noiseRandom = new SeededRandom(settings.seed()).fork().fork();
        int[] hits = new int[classes];
        List<double[]> generated = new ArrayList<>(total);
        boolean training = model.generatorHasBatchNorm();
        Map<String, Tensor> buffers = generator.network().buffers();
        Map<String, float[]> saved = new LinkedHashMap<>();
        buffers.forEach((name, t) -> saved.put(name, t.toFloatArray()));
        int side = classifier.size();
        try {
            for (int start = 0; start < total; start += BATCH) {
                int n = Math.min(BATCH, total - start);
                float[] noise = new float[n * model.zDim()];
                ModelNoise.fill(model, noise, noiseRandom);
                float[] oneHot = new float[n * classes];
                int[] labels = new int[n];
                for (int i = 0; i < n; i++) {
                    labels[i] = (start + i) % classes;
                    oneHot[i * classes + labels[i]] = 1f;
                }
                try (TensorScope scope = context.scope()) {
                    float[] pixels = generator.forward(context.tensor(noise, Shape.of(n, model.zDim())),
                            context.tensor(oneHot, Shape.of(n, classes)), training).toFloatArray();
                    float[] view = ClassifierView.convert(pixels, n, model, side);
                    Tensor images = context.tensor(view, Shape.of(n, model.channels(), side, side));
                    Tensor features = classifier.features(images);
                    int[] predicted = argmax(classifier.logits(features).toFloatArray(), classes);
                    addRows(generated, features.toFloatArray(), Classifier.FEATURES);
                    for (int i = 0; i < n; i++) {
                        if (predicted[i] == labels[i]) {
                            hits[labels[i]]++;
                        }
                    }
                }
            }
        } finally {
            buffers.forEach((name, t) -> t.copyFrom(saved.get(name)));
        }
        double[] perClass = new double[classes];
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            perClass[c] = hits[c] / (double) settings.samplesPerClass();
            sum += perClass[c];
        }
        double fd = FrechetDistance.between(realFeatures, generated.toArray(new double[0][]));
        return new Evaluation(model.name(), iteration, ceiling, test.size(), test.description(), test.classNames(),
                perClass, sum / classes, settings.samplesPerClass(), fd, classifierFile.toString(), trained);
    }

    private interface PredictionSink {
        void accept(int batchStart, int[] predictions);
    }

    private double[][] features(Dataset data, PredictionSink sink) {
        List<double[]> rows = new ArrayList<>(data.size());
        int length = data.imageLength();
        for (int start = 0; start < data.size(); start += BATCH) {
            int n = Math.min(BATCH, data.size() - start);
            float[] pixels = new float[n * length];
            for (int i = 0; i < n; i++) {
                data.copyImage(start + i, pixels, i * length);
            }
            try (TensorScope scope = context.scope()) {
                Tensor images = context.tensor(pixels, Shape.of(n, data.channels(), data.imageSize(),
                        data.imageSize()));
                Tensor features = classifier.features(images);
                sink.accept(start, argmax(classifier.logits(features).toFloatArray(), classifier.numClasses()));
                addRows(rows, features.toFloatArray(), Classifier.FEATURES);
            }
        }
        return rows.toArray(new double[0][]);
    }

    private static void addRows(List<double[]> rows, float[] flat, int width) {
        for (int r = 0; r < flat.length / width; r++) {
            double[] row = new double[width];
            for (int j = 0; j < width; j++) {
                row[j] = flat[r * width + j];
            }
            rows.add(row);
        }
    }

    private static int[] argmax(float[] logits, int classes) {
        int[] out = new int[logits.length / classes];
        for (int i = 0; i < out.length; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[i * classes + c] > logits[i * classes + best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }
}
