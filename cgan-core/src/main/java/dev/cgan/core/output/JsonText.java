package dev.cgan.core.output;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The pieces of JSON the hand-laid-out output files ({@code summary.json}, {@code metrics.jsonl}) are assembled from.
 * Escaping is Jackson's; what stays here is cgan's own rule for how many digits a figure deserves.
 */
final class JsonText {

    private JsonText() {
    }

    /** A JSON string literal ({@code null} for null). */
    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
    }

    /**
     * A JSON number with float precision (losses are float32 on every backend, more digits would be noise), or
     * {@code null} for NaN and infinities, which JSON cannot express.
     */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return "null";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Float.toString((float) v);
    }

    /** A JSON number rounded to {@code decimals} places (for timings, where more digits mean nothing). */
    static String number(double v, int decimals) {
        if (!Double.isFinite(v)) {
            return "null";
        }
        return new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    /** A JSON array of strings, on one line. */
    static String strings(List<String> values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(quote(values.get(i)));
        }
        return sb.append(']').toString();
    }
}
