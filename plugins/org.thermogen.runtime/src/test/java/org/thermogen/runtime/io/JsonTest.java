package org.thermogen.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void doublesRoundTripBitForBit() {
        List<Double> values = new ArrayList<>(List.of(0.0, -0.0, 0.1, 1.0 / 3, -2.5e-7, 1e300, Double.MIN_VALUE,
                Double.MAX_VALUE, -Double.MIN_NORMAL, 4.9e-324, 123456789.0, 1e21, 1e-21));
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 2000; i++) {
            double d = Double.longBitsToDouble(r.nextLong());
            if (Double.isFinite(d)) {
                values.add(d);
            }
            values.add(r.nextGaussian());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("values", values);
        List<?> back = (List<?>) Json.parseObject(Json.write(m)).get("values");
        assertEquals(values.size(), back.size());
        for (int i = 0; i < values.size(); i++) {
            assertEquals(Double.doubleToRawLongBits(values.get(i)), Double.doubleToRawLongBits((Double) back.get(i)),
                    "value " + values.get(i));
        }
    }

    @Test
    void prettyLayoutWithStableOrder() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("shape", new int[] {2});
        inner.put("values", new double[] {1, 0.5});
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", "last key first");
        m.put("a", 1);
        m.put("ok", true);
        m.put("none", null);
        m.put("empty", List.of());
        m.put("p", inner);
        m.put("list", List.of(Map.of("k", 1L)));
        assertEquals("""
                {
                  "z": "last key first",
                  "a": 1,
                  "ok": true,
                  "none": null,
                  "empty": [],
                  "p": {
                    "shape": [2],
                    "values": [1.0, 0.5]
                  },
                  "list": [
                    {
                      "k": 1
                    }
                  ]
                }
                """, Json.write(m));
    }

    @Test
    void parsesEveryKindOfValue() {
        Object v = Json.parse(" {\"a\": [1, -2.5e3, true, false, null, \"s\\u00e9\\n\\\"\"], \"b\": {}} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("a", "b"), new ArrayList<>(m.keySet()));
        assertEquals(Arrays.asList(1.0, -2500.0, true, false, null, "s\u00e9\n\""), m.get("a"));
        assertEquals(Map.of(), m.get("b"));
    }

    @Test
    void stringsRoundTrip() {
        String s = "tab\t quote\" back\\ newline\n unicode \u03b2 control \u0001 \u2028";
        assertEquals(s, Json.parse(Json.write(s).strip()));
    }

    @Test
    void errorsNameLineAndColumn() {
        assertEquals("line 3, column 3: expected ',' or '}', found '\"'",
                assertThrows(JsonException.class, () -> Json.parse("{\n  \"a\": 1\n  \"b\": 2}")).getMessage());
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("{\n  \"a\": 1\n  \"b\": 2}"));
        assertEquals(3, e.line());
        assertEquals(3, e.column());
        assertEquals("line 1, column 8: unexpected 'x', expected a value",
                assertThrows(JsonException.class, () -> Json.parse("[1, 2, x]")).getMessage());
        assertEquals("line 1, column 2: a number must not start with 0 followed by digits",
                assertThrows(JsonException.class, () -> Json.parse("01")).getMessage());
        assertEquals("line 2, column 1: unexpected end of the text, expected a value",
                assertThrows(JsonException.class, () -> Json.parse("[1,\n")).getMessage());
        assertEquals("line 1, column 10: the key \"a\" appears twice",
                assertThrows(JsonException.class, () -> Json.parse("{\"a\": 1, \"a\": 2}")).getMessage());
        assertEquals("line 1, column 4: unexpected text after the end of the JSON value",
                assertThrows(JsonException.class, () -> Json.parse("{} x")).getMessage());
    }

    @Test
    void nonFiniteNumbersAreRefused() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", new double[] {1, Double.NaN});
        assertEquals("JSON has no number NaN (at loss[1])",
                assertThrows(JsonException.class, () -> Json.write(m)).getMessage());
        assertThrows(JsonException.class, () -> Json.write(Double.POSITIVE_INFINITY));
        assertThrows(JsonException.class, () -> Json.parse("NaN"));
        // Too large for a double: reading it as Infinity would turn a finite file value into a non-finite one.
        assertEquals("line 1, column 5: the number 1e309 is beyond the range of a double",
                assertThrows(JsonException.class, () -> Json.parse("[1, 1e309]")).getMessage());
        assertEquals(Double.MAX_VALUE, Json.parse("1.7976931348623157e308"));
        // Below the smallest subnormal rounds to zero, as any JSON reader does: no information is invented.
        assertEquals(0.0, Json.parse("1e-400"));
    }

    @Test
    void unknownTypesAreRefused() {
        assertThrows(JsonException.class, () -> Json.write(new Object()));
    }
}
