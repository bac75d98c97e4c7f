package dev.cgan.core.safetensors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for safetensors headers, the specs stored in their metadata and the run's files, read and written by Jackson's
 * streaming parser and generator (jackson-core); this class only maps JSON to plain Java values and back.
 *
 * <p>Values map to plain Java types: objects to {@code Map<String, Object>} (insertion-ordered, unmodifiable),
 * arrays to {@code List<Object>} (unmodifiable), strings to {@link String}, numbers to {@link Long} when written
 * without fraction or exponent and in range, otherwise {@link Double}, {@code true}/{@code false} to
 * {@link Boolean}, {@code null} to {@code null}.
 *
 * <p>Headers come from untrusted files, so the parser is strict: Jackson's read constraints refuse nesting deeper
 * than {@value #MAX_DEPTH} and number literals longer than {@value #MAX_NUMBER_LENGTH} characters before doing any
 * work on them, a key given twice in one object is refused (JSON leaves it open which one counts), and every error
 * is a one-line {@link JsonSyntaxException} with the line and column.
 */
public final class Json {

    /** Deep nesting is the classic way to overflow a recursive parser's stack. */
    public static final int MAX_DEPTH = 64;

    /** Long digit strings make number conversion slow; no honest header needs more. */
    public static final int MAX_NUMBER_LENGTH = 64;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .build())
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private Json() {
    }

    /**
     * Parses one JSON value that spans all of {@code text} (surrounding white space allowed).
     *
     * @throws JsonSyntaxException if the text is not valid JSON
     */
    public static Object parse(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new JsonSyntaxException("invalid JSON: no value (the text is empty)");
            }
            Object value = value(parser, first);
            if (parser.nextToken() != null) {
                throw error(parser.currentTokenLocation(), "unexpected content after the value");
            }
            return value;
        } catch (JacksonException e) {
            throw error(e.getLocation(), e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String reader does not fail
        }
    }

    /**
     * Parses a JSON object.
     *
     * @throws JsonSyntaxException if the text is not valid JSON or not an object
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new JsonSyntaxException("expected a JSON object, got " + describe(value));
        }
        return (Map<String, Object>) value;
    }

    /**
     * Writes a value made of the types {@link #parse(String)} returns (any {@link Number} is accepted; maps must
     * have string keys), compactly and in iteration order, so equal inputs give identical text.
     *
     * @throws IllegalArgumentException for other types and for non-finite numbers, which JSON cannot express
     */
    public static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(value, generator, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String writer does not fail
        }
        return out.toString();
    }

    /** A short description of a parsed value's JSON type, for error messages. */
    public static String describe(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof Map) {
            return "an object";
        } else if (value instanceof List) {
            return "an array";
        } else if (value instanceof String) {
            return "a string";
        } else if (value instanceof Boolean) {
            return "a boolean";
        } else if (value instanceof Long) {
            return "an integer";
        }
        return "a number";
    }

    /** The value that starts at {@code token}; Jackson's nesting limit bounds the recursion. */
    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> array(parser);
            case VALUE_STRING -> parser.getText();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> integer(parser);
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            default -> throw error(parser.currentTokenLocation(), "unexpected " + token);
        };
    }

    private static Object integer(JsonParser parser) throws IOException {
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            BigInteger big = parser.getBigIntegerValue();
            return big.doubleValue(); // a huge integer is still a valid JSON number
        }
        return parser.getLongValue();
    }

    private static Map<String, Object> object(JsonParser parser) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
            String key = parser.currentName();
            JsonLocation keyAt = parser.currentTokenLocation();
            Object value = value(parser, parser.nextToken());
            if (map.containsKey(key)) {
                throw error(keyAt, "duplicate key \"" + DType.abbreviate(key) + "\"");
            }
            map.put(key, value);
        }
        return Collections.unmodifiableMap(map);
    }

    private static List<Object> array(JsonParser parser) throws IOException {
        List<Object> list = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            list.add(value(parser, t));
        }
        return Collections.unmodifiableList(list);
    }

    private static void write(Object value, JsonGenerator out, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("JSON value nested deeper than " + MAX_DEPTH);
        }
        if (value == null) {
            out.writeNull();
        } else if (value instanceof String s) {
            out.writeString(s);
        } else if (value instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number n) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("JSON cannot express the number " + d);
            }
            out.writeNumber(d);
        } else if (value instanceof Map<?, ?> map) {
            out.writeStartObject();
            for (var e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object keys must be strings, got " + e.getKey());
                }
                out.writeFieldName(key);
                write(e.getValue(), out, depth + 1);
            }
            out.writeEndObject();
        } else if (value instanceof List<?> list) {
            out.writeStartArray();
            for (Object element : list) {
                write(element, out, depth + 1);
            }
            out.writeEndArray();
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    private static JsonSyntaxException error(JsonLocation at, String what) {
        String where = at == null || at.getLineNr() < 0 ? ""
                : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String message = what == null ? "malformed" : what.lines().findFirst().orElse(what);
        return new JsonSyntaxException("invalid JSON" + where + ": " + message);
    }
}
