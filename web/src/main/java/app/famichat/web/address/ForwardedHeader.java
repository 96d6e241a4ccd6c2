package app.famichat.web.address;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The header a trusted proxy records the client in ({@code famichat.http.forwarded-header}): the de-facto
 * {@code X-Forwarded-For} (comma-separated addresses) or RFC 7239 {@code Forwarded} (its {@code for=} values).
 * Either way each proxy appends the peer it saw, so the right-most entries are the ones nearest to us.
 */
public enum ForwardedHeader {
    X_FORWARDED_FOR("X-Forwarded-For"),
    FORWARDED("Forwarded");

    private final String headerName;

    ForwardedHeader(String headerName) {
        this.headerName = headerName;
    }

    public String headerName() {
        return headerName;
    }

    public static ForwardedHeader fromSetting(String value) {
        for (ForwardedHeader header : values()) {
            if (header.headerName.equalsIgnoreCase(value.strip())) {
                return header;
            }
        }
        throw new IllegalArgumentException("famichat.http.forwarded-header must be X-Forwarded-For or Forwarded");
    }

    /**
     * The hops recorded in the header's lines (in the order received), left to right, as the raw text each
     * proxy wrote for its client: an address, or anything else (garbage, {@code unknown}, an obfuscated
     * {@code _name}), which the caller will not parse as an address. A {@code Forwarded} element without
     * {@code for=} is an empty hop: it must still count as a hop.
     */
    public List<String> hops(List<String> headerLines) {
        List<String> hops = new ArrayList<>();
        for (String line : headerLines) {
            for (String element : split(line, ',')) {
                hops.add(this == X_FORWARDED_FOR ? element.strip() : forValue(element));
            }
        }
        return hops;
    }

    private static String forValue(String element) {
        for (String pair : split(element, ';')) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).strip().toLowerCase(Locale.ROOT).equals("for")) {
                return unquote(pair.substring(equals + 1).strip());
            }
        }
        return "";
    }

    /** Splits at {@code separator} outside quoted strings (a quoted Forwarded value may hold commas). */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean escaped = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (escaped) {
                escaped = false;
            } else if (quoted && c == '\\') {
                escaped = true;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unquote(String value) {
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            return value;
        }
        StringBuilder unquoted = new StringBuilder();
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() - 1) {
                c = value.charAt(++i);
            }
            unquoted.append(c);
        }
        return unquoted.toString();
    }
}
