package org.thermogen.runtime.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small JSON writer and parser for Thermogen's own files (checkpoints, {@code eval.json},
 * {@code run.json}).
 *
 * <p>The writer indents by two spaces, writes map entries in the map's iteration order
 * (use a {@link LinkedHashMap} for a stable order), puts arrays of numbers, strings and
 * booleans on one line, and writes doubles with {@link Double#toString(double)}, which
 * {@link Double#parseDouble} reads back to the same bits. JSON has no NaN or infinity: a
 * non-finite number is a {@link JsonException}, never a silently invalid file.
 *
 * <p>The parser returns objects as {@link LinkedHashMap} (in file order), arrays as
 * {@link List}, numbers as {@link Double}, strings, booleans and null; errors name the line
 * and column.
 *
 * <pre>{@code
 * Map<String, Object> m = new LinkedHashMap<>();
 * m.put("model", "Ising16");
 * m.put("values", new double[] {0.1, -2.5e-7});
 * String text = Json.write(m);
 * Map<String, Object> back = Json.parseObject(text);
 * }</pre>
 */
public final class Json {
    private Json() {
    }

    /**
     * The value as pretty JSON text ending in a newline. Accepted: {@link Map} (string keys),
     * {@link Iterable}, arrays of {@code double}, {@code int}, {@code long} or objects,
     * {@link CharSequence}, {@link Number}, {@link Boolean}, {@link Enum} (its name) and null.
     *
     * @throws JsonException for a non-finite number or a value of another type
     */
    public static String write(Object value) {
        StringBuilder b = new StringBuilder();
        new Writer(b).value(value, 0, "");
        return b.append('\n').toString();
    }

    /** Parses JSON text. @throws JsonException with line and column */
    public static Object parse(String text) {
        Parser p = new Parser(text);
        p.skipSpace();
        Object v = p.value(0);
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected text after the end of the JSON value");
        }
        return v;
    }

    /** Parses JSON text that must hold an object. @throws JsonException with line and column */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object v = parse(text);
        if (!(v instanceof Map)) {
            throw new JsonException(1, 1, "expected a JSON object");
        }
        return (Map<String, Object>) v;
    }

    private static final class Writer {
        private final StringBuilder b;

        Writer(StringBuilder b) {
            this.b = b;
        }

        void value(Object v, int indent, String path) {
            if (v == null) {
                b.append("null");
            } else if (v instanceof CharSequence s) {
                string(s);
            } else if (v instanceof Boolean flag) {
                b.append(flag.booleanValue());
            } else if (v instanceof Double || v instanceof Float) {
                number(((Number) v).doubleValue(), path);
            } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                b.append(((Number) v).longValue());
            } else if (v instanceof Number n) {
                number(n.doubleValue(), path);
            } else if (v instanceof Enum<?> e) {
                string(e.name());
            } else if (v instanceof Map<?, ?> m) {
                object(m, indent, path);
            } else if (v instanceof double[] a) {
                List<Object> l = new ArrayList<>(a.length);
                for (double d : a) {
                    l.add(d);
                }
                array(l, indent, path);
            } else if (v instanceof int[] a) {
                List<Object> l = new ArrayList<>(a.length);
                for (int d : a) {
                    l.add(d);
                }
                array(l, indent, path);
            } else if (v instanceof long[] a) {
                List<Object> l = new ArrayList<>(a.length);
                for (long d : a) {
                    l.add(d);
                }
                array(l, indent, path);
            } else if (v instanceof Object[] a) {
                array(List.of(a), indent, path);
            } else if (v instanceof Iterable<?> it) {
                List<Object> l = new ArrayList<>();
                it.forEach(l::add);
                array(l, indent, path);
            } else {
                throw new JsonException("cannot write " + v.getClass().getName() + " as JSON" + at(path));
            }
        }

        private void number(double d, String path) {
            if (!Double.isFinite(d)) {
                throw new JsonException("JSON has no number " + d + at(path));
            }
            b.append(Double.toString(d));
        }

        private void object(Map<?, ?> m, int indent, String path) {
            if (m.isEmpty()) {
                b.append("{}");
                return;
            }
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new JsonException("JSON object keys are strings, not " + e.getKey() + at(path));
                }
                b.append(first ? "\n" : ",\n");
                first = false;
                pad(indent + 1);
                string(key);
                b.append(": ");
                value(e.getValue(), indent + 1, path + "." + key);
            }
            b.append('\n');
            pad(indent);
            b.append('}');
        }

        private void array(List<?> l, int indent, String path) {
            if (l.isEmpty()) {
                b.append("[]");
                return;
            }
            boolean flat = true;
            for (Object o : l) {
                flat &= o == null || o instanceof Number || o instanceof Boolean || o instanceof CharSequence;
            }
            b.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (flat) {
                    b.append(i == 0 ? "" : ", ");
                } else {
                    b.append(i == 0 ? "\n" : ",\n");
                    pad(indent + 1);
                }
                value(l.get(i), indent + 1, path + "[" + i + "]");
            }
            if (!flat) {
                b.append('\n');
                pad(indent);
            }
            b.append(']');
        }

        private void string(CharSequence s) {
            b.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    case '\b' -> b.append("\\b");
                    case '\f' -> b.append("\\f");
                    default -> {
                        if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            b.append('"');
        }

        private void pad(int indent) {
            for (int i = 0; i < indent; i++) {
                b.append("  ");
            }
        }

        private static String at(String path) {
            return path.isEmpty() ? "" : " (at " + path.substring(path.startsWith(".") ? 1 : 0) + ")";
        }
    }

    private static final class Parser {
        private static final int MAX_DEPTH = 512;
        private final String s;
        int pos;

        Parser(String s) {
            this.s = s;
            // A byte order mark is not JSON, but editors write one; it carries no meaning.
            this.pos = s.startsWith("\uFEFF") ? 1 : 0;
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nested deeper than " + MAX_DEPTH + " levels");
            }
            if (pos >= s.length()) {
                throw error("unexpected end of the text, expected a value");
            }
            char c = s.charAt(pos);
            switch (c) {
                case '{':
                    return object(depth);
                case '[':
                    return array(depth);
                case '"':
                    return string();
                case 't':
                    return word("true", Boolean.TRUE);
                case 'f':
                    return word("false", Boolean.FALSE);
                case 'n':
                    return word("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw error("unexpected " + describe(c) + ", expected a value");
            }
        }

        private Map<String, Object> object(int depth) {
            Map<String, Object> m = new LinkedHashMap<>();
            pos++;
            skipSpace();
            if (peek() == '}') {
                pos++;
                return m;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    throw error(pos >= s.length() ? "unexpected end of the text, expected a key"
                            : "expected a key in double quotes, found " + describe(peek()));
                }
                int keyPos = pos;
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                Object v = value(depth + 1);
                if (m.containsKey(key)) {
                    int save = pos;
                    pos = keyPos;
                    JsonException e = error("the key \"" + key + "\" appears twice");
                    pos = save;
                    throw e;
                }
                m.put(key, v);
                skipSpace();
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c == '}') {
                    pos++;
                    return m;
                } else {
                    throw error(pos >= s.length() ? "unexpected end of the text, expected ',' or '}'"
                            : "expected ',' or '}', found " + describe(c));
                }
            }
        }

        private List<Object> array(int depth) {
            List<Object> l = new ArrayList<>();
            pos++;
            skipSpace();
            if (peek() == ']') {
                pos++;
                return l;
            }
            while (true) {
                skipSpace();
                l.add(value(depth + 1));
                skipSpace();
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c == ']') {
                    pos++;
                    return l;
                } else {
                    throw error(pos >= s.length() ? "unexpected end of the text, expected ',' or ']'"
                            : "expected ',' or ']', found " + describe(c));
                }
            }
        }

        private String string() {
            pos++;
            StringBuilder b = null;
            int start = pos;
            while (true) {
                if (pos >= s.length()) {
                    throw error("a string is not closed");
                }
                char c = s.charAt(pos);
                if (c == '"') {
                    String r = b == null ? s.substring(start, pos) : b.append(s, start, pos).toString();
                    pos++;
                    return r;
                }
                if (c < 0x20) {
                    throw error("a control character (code " + (int) c + ") inside a string; write it escaped");
                }
                if (c == '\\') {
                    if (b == null) {
                        b = new StringBuilder();
                    }
                    b.append(s, start, pos);
                    pos++;
                    if (pos >= s.length()) {
                        throw error("a string is not closed");
                    }
                    char e = s.charAt(pos);
                    switch (e) {
                        case '"' -> b.append('"');
                        case '\\' -> b.append('\\');
                        case '/' -> b.append('/');
                        case 'b' -> b.append('\b');
                        case 'f' -> b.append('\f');
                        case 'n' -> b.append('\n');
                        case 'r' -> b.append('\r');
                        case 't' -> b.append('\t');
                        case 'u' -> {
                            if (pos + 4 >= s.length()) {
                                throw error("\\u needs four hexadecimal digits");
                            }
                            int code = 0;
                            for (int k = 1; k <= 4; k++) {
                                int d = Character.digit(s.charAt(pos + k), 16);
                                if (d < 0) {
                                    throw error("\\u needs four hexadecimal digits");
                                }
                                code = code * 16 + d;
                            }
                            b.append((char) code);
                            pos += 4;
                        }
                        default -> throw error("unknown escape \\" + e);
                    }
                    pos++;
                    start = pos;
                    continue;
                }
                pos++;
            }
        }

        private Double number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
            } else if (isDigit(peek())) {
                while (isDigit(peek())) {
                    pos++;
                }
            } else {
                throw error("a number needs a digit after '-'");
            }
            if (peek() == '.') {
                pos++;
                if (!isDigit(peek())) {
                    throw error("a number needs a digit after '.'");
                }
                while (isDigit(peek())) {
                    pos++;
                }
            }
            if (peek() == 'e' || peek() == 'E') {
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (!isDigit(peek())) {
                    throw error("a number needs a digit in its exponent");
                }
                while (isDigit(peek())) {
                    pos++;
                }
            }
            if (isDigit(peek())) {
                throw error("a number must not start with 0 followed by digits");
            }
            double d = Double.parseDouble(s.substring(start, pos));
            if (Double.isInfinite(d)) {
                // The writer never produces such a number, so it would come back as something else.
                int end = pos;
                pos = start;
                JsonException e = error("the number " + s.substring(start, end) + " is beyond the range of a double");
                pos = end;
                throw e;
            }
            return d;
        }

        private Object word(String w, Object value) {
            if (!s.startsWith(w, pos)) {
                throw error("unexpected " + describe(s.charAt(pos)) + ", expected a value");
            }
            pos += w.length();
            return value;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error(pos >= s.length() ? "unexpected end of the text, expected '" + c + "'"
                        : "expected '" + c + "', found " + describe(peek()));
            }
            pos++;
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        void skipSpace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static String describe(char c) {
            return c < 0x20 || c > 0x7e ? String.format(Locale.ROOT, "character U+%04X", (int) c) : "'" + c + "'";
        }

        JsonException error(String problem) {
            int line = 1;
            int lineStart = 0;
            int end = Math.min(pos, s.length());
            for (int i = 0; i < end; i++) {
                if (s.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            return new JsonException(line, end - lineStart + 1, problem);
        }
    }
}
