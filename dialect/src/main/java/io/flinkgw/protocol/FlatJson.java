package io.flinkgw.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flat JSON objects (string, number, boolean and null values; no nesting), all the side endpoints
 * exchange, so that neither side needs a JSON library for them.
 */
public final class FlatJson {

    private FlatJson() {}

    /** {@code fields} as a JSON object; values are strings, numbers, booleans or null. */
    public static String write(Map<String, ?> fields) {
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, ?> field : fields.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            quote(json, field.getKey()).append(':');
            Object value = field.getValue();
            if (value == null || value instanceof Number || value instanceof Boolean) {
                json.append(value);
            } else {
                quote(json, value.toString());
            }
        }
        return json.append('}').toString();
    }

    /**
     * The fields of a flat JSON object: strings as {@link String}, integers as {@link Long}, other
     * numbers as {@link Double}, booleans as {@link Boolean}, null as null.
     *
     * @throws IllegalArgumentException if {@code json} is not a flat JSON object
     */
    public static Map<String, Object> parse(String json) {
        return new Parser(json).object();
    }

    private static StringBuilder quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }

    private static final class Parser {
        private final String json;
        private int position;

        Parser(String json) {
            this.json = json == null ? "" : json;
        }

        Map<String, Object> object() {
            Map<String, Object> fields = new LinkedHashMap<>();
            expect('{');
            if (peek() == '}') {
                position++;
                return end(fields);
            }
            while (true) {
                String name = string();
                expect(':');
                fields.put(name, value());
                char next = next();
                if (next == '}') {
                    return end(fields);
                }
                if (next != ',') {
                    throw error("',' or '}'");
                }
            }
        }

        private Map<String, Object> end(Map<String, Object> fields) {
            skipSpace();
            if (position != json.length()) {
                throw error("the end");
            }
            return fields;
        }

        private Object value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            int start = position;
            while (position < json.length() && ",}".indexOf(json.charAt(position)) < 0 && !Character.isWhitespace(json.charAt(position))) {
                position++;
            }
            String token = json.substring(start, position);
            switch (token) {
                case "true":
                    return Boolean.TRUE;
                case "false":
                    return Boolean.FALSE;
                case "null":
                    return null;
                default:
                    try {
                        return token.matches("-?\\d+") ? (Object) Long.parseLong(token) : (Object) Double.parseDouble(token);
                    } catch (NumberFormatException e) {
                        throw error("a value");
                    }
            }
        }

        private String string() {
            expect('"');
            StringBuilder text = new StringBuilder();
            while (position < json.length()) {
                char c = json.charAt(position++);
                if (c == '"') {
                    return text.toString();
                }
                if (c != '\\') {
                    text.append(c);
                    continue;
                }
                if (position >= json.length()) {
                    break;
                }
                char escaped = json.charAt(position++);
                switch (escaped) {
                    case 'n' -> text.append('\n');
                    case 'r' -> text.append('\r');
                    case 't' -> text.append('\t');
                    case 'b' -> text.append('\b');
                    case 'f' -> text.append('\f');
                    case 'u' -> {
                        if (position + 4 > json.length()) {
                            throw error("four hex digits");
                        }
                        text.append((char) Integer.parseInt(json.substring(position, position + 4), 16));
                        position += 4;
                    }
                    default -> text.append(escaped);
                }
            }
            throw error("the end of a string");
        }

        private void expect(char expected) {
            if (next() != expected) {
                throw error("'" + expected + "'");
            }
        }

        private char next() {
            char c = peek();
            position++;
            return c;
        }

        private char peek() {
            skipSpace();
            if (position >= json.length()) {
                throw error("more input");
            }
            return json.charAt(position);
        }

        private void skipSpace() {
            while (position < json.length() && Character.isWhitespace(json.charAt(position))) {
                position++;
            }
        }

        private IllegalArgumentException error(String expected) {
            return new IllegalArgumentException("Expected " + expected + " at " + position + " of a flat JSON object");
        }
    }
}
