package dev.cgan.core.eval;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.List;
import java.util.Locale;

/**
 * What {@code cgan-cli evaluate} measures about a generator, with a classifier trained on the real data.
 *
 * @param model              the model's name
 * @param iteration          the training iteration of the evaluated generator
 * @param ceilingAccuracy    the classifier's accuracy on real test images: the best a perfect generator could score
 * @param testImages         how many real test images that is, and how many real features the distance uses
 * @param testDescription    what the test images are
 * @param classNames         class names, index = label
 * @param perClassAccuracy   per class, the fraction of samples generated for it that the classifier assigns to it
 * @param generatedAccuracy  the same over all generated samples (classes weigh equally)
 * @param samplesPerClass    samples generated per class
 * @param frechetDistance    Fréchet distance between the classifier's features of real test and generated images
 * @param classifierFile     where the classifier is cached
 * @param classifierTrained  whether it was trained by this evaluation (false: loaded from the cache)
 */
public record Evaluation(String model, long iteration, double ceilingAccuracy, int testImages,
                         String testDescription, List<String> classNames, double[] perClassAccuracy,
                         double generatedAccuracy, int samplesPerClass, double frechetDistance,
                         String classifierFile, boolean classifierTrained) {

    /** The evaluation as one JSON object (pretty-printed, for {@code evaluation.json}). */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"model\": ").append(quote(model)).append(",\n");
        sb.append("  \"iteration\": ").append(iteration).append(",\n");
        sb.append("  \"classifier_test_accuracy\": ").append(number(ceilingAccuracy)).append(",\n");
        sb.append("  \"test_images\": ").append(testImages).append(",\n");
        sb.append("  \"test_data\": ").append(quote(testDescription)).append(",\n");
        sb.append("  \"generated_accuracy\": ").append(number(generatedAccuracy)).append(",\n");
        sb.append("  \"per_class_accuracy\": {");
        for (int c = 0; c < classNames.size(); c++) {
            sb.append(c == 0 ? "\n" : ",\n").append("    ").append(quote(classNames.get(c))).append(": ")
                    .append(number(perClassAccuracy[c]));
        }
        sb.append("\n  },\n");
        sb.append("  \"samples_per_class\": ").append(samplesPerClass).append(",\n");
        sb.append("  \"frechet_distance\": ").append(number(frechetDistance)).append(",\n");
        sb.append("  \"feature_layer\": ").append(quote("classifier penultimate ReLU, " + Classifier.FEATURES
                + " units")).append(",\n");
        sb.append("  \"classifier\": ").append(quote(classifierFile)).append(",\n");
        sb.append("  \"classifier_trained_now\": ").append(classifierTrained).append('\n');
        return sb.append("}\n").toString();
    }

    /** One line of JSON with the three headline figures (for {@code eval.jsonl}). */
    public String toJsonLine() {
        StringBuilder sb = new StringBuilder("{\"iteration\":").append(iteration)
                .append(",\"classifier_test_accuracy\":").append(number(ceilingAccuracy))
                .append(",\"generated_accuracy\":").append(number(generatedAccuracy))
                .append(",\"frechet_distance\":").append(number(frechetDistance))
                .append(",\"per_class_accuracy\":[");
        for (int c = 0; c < perClassAccuracy.length; c++) {
            sb.append(c == 0 ? "" : ",").append(number(perClassAccuracy[c]));
        }
        return sb.append("]}").toString();
    }

    /** The figures as a text table. */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Evaluation of %s at iteration %d%n", model, iteration));
        sb.append(String.format(Locale.ROOT, "  classifier accuracy on %d real test images (ceiling): %6.2f%%%n",
                testImages, 100 * ceilingAccuracy));
        sb.append(String.format(Locale.ROOT, "  generated images classified as their label:         %6.2f%%"
                + "  (%d per class)%n", 100 * generatedAccuracy, samplesPerClass));
        sb.append(String.format(Locale.ROOT, "  Frechet distance, real test vs generated features:   %8.3f%n",
                frechetDistance));
        int width = classNames.stream().mapToInt(String::length).max().orElse(5);
        sb.append(String.format(Locale.ROOT, "  %-" + width + "s  %s%n", "class", "label accuracy"));
        for (int c = 0; c < classNames.size(); c++) {
            sb.append(String.format(Locale.ROOT, "  %-" + width + "s  %6.2f%%%n", classNames.get(c),
                    100 * perClassAccuracy[c]));
        }
        return sb.toString();
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null";
    }

    private static String quote(String s) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
    }
}
