package dev.cgan.core.output;

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

    /** A reader for one flat JSON object whose values are numbers or null (strings and booleans are skipped). */
    private static final class FlatJson {

        private final String s;
        private int pos;

        private FlatJson(String s) {
            this.s = s;
        }

        /** The object's numeric fields (null read as NaN), or null when the text is not one well-formed object. */
        static Map<String, Double> numbers(String text) {
            try {
                FlatJson p = new FlatJson(text);
                Map<String, Double> out = p.object();
                p.space();
                return p.pos == p.s.length() ? out : null;
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                return null;
            }
        }

        private Map<String, Double> object() {
            Map<String, Double> out = new HashMap<>();
            expect('{');
            space();
            if (peek() == '}') {
                pos++;
                return out;
            }
            while (true) {
                space();
                String key = string();
                space();
                expect(':');
                space();
                char c = peek();
                if (c == '"') {
                    string();
                } else if (s.startsWith("null", pos)) {
                    pos += 4;
                    out.put(key, Double.NaN);
                } else if (s.startsWith("true", pos)) {
                    pos += 4;
                } else if (s.startsWith("false", pos)) {
                    pos += 5;
                } else {
                    out.put(key, number());
                }
                space();
                if (peek() == ',') {
                    pos++;
                    continue;
                }
                expect('}');
                return out;
            }
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(pos++);
                    if (e == 'u') {
                        sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                    } else {
                        sb.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            case 'b' -> '\b';
                            case 'f' -> '\f';
                            default -> e;
                        });
                    }
                } else {
                    sb.append(c);
                }
            }
        }

        private double number() {
            int start = pos;
            while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            if (start == pos) {
                throw new IllegalArgumentException("value expected at " + pos);
            }
            return Double.parseDouble(s.substring(start, pos));
        }

        private void space() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private char peek() {
            return s.charAt(pos);
        }

        private void expect(char c) {
            if (s.charAt(pos) != c) {
                throw new IllegalArgumentException("'" + c + "' expected at " + pos);
            }
            pos++;
        }
    }
}
