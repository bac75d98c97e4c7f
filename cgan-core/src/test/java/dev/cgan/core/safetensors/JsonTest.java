package dev.cgan.core.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesEveryValueTypeToPlainJavaTypes() {
        Map<String, Object> o = Json.parseObject(
                " {\"s\": \"a\\\"b\\u00e9\\n\", \"i\": -12, \"d\": 2e-4, \"f\": 0.5, \"t\": true, \"n\": null,"
                        + " \"a\": [1, [], {}]} ");

        assertEquals("a\"b\u00e9\n", o.get("s"));
        assertEquals(-12L, o.get("i"));
        assertEquals(2e-4, o.get("d"));
        assertEquals(0.5, o.get("f"));
        assertEquals(Boolean.TRUE, o.get("t"));
        assertNull(o.get("n"));
        assertEquals(List.of(1L, List.of(), Map.of()), o.get("a"));
        assertEquals(List.of("s", "i", "d", "f", "t", "n", "a"), List.copyOf(o.keySet()), "insertion order kept");
    }

    @Test
    void integersBeyondLongBecomeDoubles() {
        assertEquals(1e20, Json.parse("100000000000000000000"));
    }

    @Test
    void writeThenParseGivesTheSameValue() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", "tab\there \\ \"quoted\" \u0001");
        value.put("numbers", List.of(1L, -2L, 0.25, 1e-8));
        value.put("nested", Map.of("ok", false));
        value.put("nothing", null);

        String text = Json.write(value);

        assertEquals(value, Json.parse(text));
        assertTrue(text.startsWith("{\"name\":"), text);
    }

    @Test
    void rejectsMalformedText() {
        for (String bad : List.of("", "{", "{\"a\" 1}", "{\"a\":1,}", "[1,]", "01", "1.", "-", "\"\\x\"", "tru",
                "{\"a\":1}x", "\"unterminated", "{1:2}", "\"a\u0001\"", "[1 2]", "\"\\u12\"", "1e")) {
            assertThrows(JsonSyntaxException.class, () -> Json.parse(bad), () -> "should reject: " + bad);
        }
    }

    @Test
    void rejectsDuplicateKeys() {
        JsonSyntaxException e = assertThrows(JsonSyntaxException.class, () -> Json.parse("{\"a\":1,\"a\":2}"));
        assertTrue(e.getMessage().contains("duplicate key"), e.getMessage());
    }

    @Test
    void rejectsDeepNestingWithoutOverflowingTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        JsonSyntaxException e = assertThrows(JsonSyntaxException.class, () -> Json.parse(deep));
        assertTrue(e.getMessage().contains("nesting"), e.getMessage());
    }

    @Test
    void rejectsOverlongNumbers() {
        assertThrows(JsonSyntaxException.class, () -> Json.parse("1" + "0".repeat(1000)));
    }

    @Test
    void refusesToWriteWhatJsonCannotExpress() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    }
}
