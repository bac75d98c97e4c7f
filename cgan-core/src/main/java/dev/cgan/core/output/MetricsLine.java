package dev.cgan.core.output;

import dev.cgan.core.safetensors.Json;
import dev.cgan.core.safetensors.JsonSyntaxException;
import dev.cgan.core.train.IterationRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One line of {@code metrics.jsonl}: what one iteration measured, under the snake_case keys that pandas and jq users
 * expect. Values that are not finite (a diverged run) are written as {@code null} and read back as NaN.
 *
 * @param iteration       1-based iteration over the whole run
 * @param epoch           1-based epoch
 * @param lossD           discriminator loss
 * @param lossG           generator loss
 * @param dReal           mean D(x|y)
 * @param dFake           mean D(G(z|y)|y)
 * @param seconds         wall time of the iteration
 * @param imagesPerSecond recent training throughput
 * @param rssMegabytes    the process's resident memory after the iteration, MiB (NaN where unknown)
 */
public record MetricsLine(long iteration, int epoch, double lossD, double lossG, double dReal, double dFake,
                          double seconds, double imagesPerSecond, double rssMegabytes) {

    /** The line for a finished iteration. */
    public static MetricsLine of(IterationRecord r) {
        return new MetricsLine(r.iteration(), r.epoch(), r.losses().lossD(), r.losses().lossG(), r.losses().dReal(),
                r.losses().dFake(), r.seconds(), r.imagesPerSecond(), ProcessMemory.residentMegabytes());
    }

    /** The line as compact JSON, without the trailing newline. */
    public String toJson() {
        return "{\"iteration\":" + iteration
                + ",\"epoch\":" + epoch
                + ",\"loss_d\":" + JsonText.number(lossD)
                + ",\"loss_g\":" + JsonText.number(lossG)
                + ",\"d_real\":" + JsonText.number(dReal)
                + ",\"d_fake\":" + JsonText.number(dFake)
                + ",\"seconds\":" + JsonText.number(seconds, 5)
                + ",\"images_per_second\":" + JsonText.number(imagesPerSecond, 2)
                + ",\"rss_mb\":" + JsonText.number(rssMegabytes, 1)
                + "}";
    }

    /**
     * Reads a line written by {@link #toJson()}; empty for anything else (a line cut short by a crash, a blank line),
     * so that a damaged file costs its damaged lines and nothing more.
     */
    public static Optional<MetricsLine> parse(String line) {
        Map<String, Double> fields = FlatJson.numbers(line);
        if (fields == null || !fields.containsKey("iteration") || !fields.containsKey("loss_d")
                || !fields.containsKey("loss_g")) {
            return Optional.empty();
        }
        double iteration = fields.get("iteration");
        if (!(iteration >= 0)) {
            return Optional.empty();
        }
        return Optional.of(new MetricsLine((long) iteration, (int) get(fields, "epoch", 0),
                fields.get("loss_d"), fields.get("loss_g"), get(fields, "d_real", Double.NaN),
                get(fields, "d_fake", Double.NaN), get(fields, "seconds", Double.NaN),
                get(fields, "images_per_second", Double.NaN), get(fields, "rss_mb", Double.NaN)));
    }

    private static double get(Map<String, Double> fields, String key, double fallback) {
        Double v = fields.get(key);
        return v == null ? fallback : v;
    }

    /** Reads one flat JSON object whose values are numbers or null; strings, booleans and nested values are skipped. */
    private static final class FlatJson {

        private FlatJson() {
        }

        /** The object's numeric fields (null read as NaN), or null when the text is not one well-formed object. */
        static Map<String, Double> numbers(String text) {
            Object value;
            try {
                value = Json.parse(text);
            } catch (JsonSyntaxException e) {
                return null;
            }
            if (!(value instanceof Map<?, ?> object)) {
                return null;
            }
            Map<String, Double> out = new HashMap<>();
            object.forEach((key, v) -> {
                if (v == null) {
                    out.put((String) key, Double.NaN);
                } else if (v instanceof Number n) {
                    out.put((String) key, n.doubleValue());
                }
            });
            return out;
        }
    }
}
