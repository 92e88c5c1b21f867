package org.mip.gateway.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Turns raw strings into typed values, collecting every broken rule instead of stopping at the first. */
final class Rules {
    private final List<ConfigException.Problem> problems = new ArrayList<>();

    void problem(String key, String value, String rule) {
        problems.add(new ConfigException.Problem(key, value, rule));
    }

    List<ConfigException.Problem> problems() {
        return problems;
    }

    String required(String key, String value) {
        if (value == null || value.isBlank()) {
            problem(key, value, "must not be empty");
            return "";
        }
        return value.trim();
    }

    int intRange(String key, String value, int min, int max, String rule) {
        try {
            int v = Integer.parseInt(value == null ? "" : value.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(key, value, rule);
        return min;
    }

    /** A listener or peer port; 0 after a problem was recorded, so later checks skip it. */
    int port(String key, String value) {
        int before = problems.size();
        int port = intRange(key, value, 1, 65535, "must be a port number from 1 to 65535");
        return problems.size() == before ? port : 0;
    }

    /** An optional listener port: absent or empty means off (0). */
    int optionalPort(String key, String value) {
        return value == null || value.isBlank() ? 0 : port(key, value);
    }

    /**
     * An Application Entity title, PS3.5 6.2 (VR AE): at most 16 characters of the default
     * repertoire without backslash or control characters; leading and trailing spaces are not
     * significant, so a title of spaces only is empty.
     */
    String aeTitle(String key, String value) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            problem(key, value, "an AE title must not be empty");
        } else if (v.length() > 16) {
            problem(key, value, "an AE title has at most 16 characters (this one has " + v.length() + ")");
        } else if (v.chars().anyMatch(c -> c == '\\')) {
            problem(key, value, "an AE title must not contain a backslash");
        } else if (v.chars().anyMatch(c -> c < 0x20 || c >= 0x7F)) {
            problem(key, value, "an AE title must not contain control or non-ASCII characters");
        }
        return v;
    }

    <E extends Enum<E>> E enumValue(String key, String value, Class<E> type, Function<E, String> name) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            if (name.apply(e).equals(v)) {
                return e;
            }
            allowed.add(name.apply(e));
        }
        problem(key, value, "must be one of " + String.join(", ", allowed));
        return type.getEnumConstants()[0];
    }

    /** A file that must exist and be readable now, so that a TLS listener does not fail later. */
    Path readableFile(String key, String value) {
        if (value == null || value.isBlank()) {
            problem(key, value, "is required when the TLS listener is on");
            return null;
        }
        Path p = Path.of(value.trim()).toAbsolutePath();
        if (!Files.isRegularFile(p)) {
            problem(key, value, "file not found");
        } else if (!Files.isReadable(p)) {
            problem(key, value, "file cannot be read (permissions)");
        }
        return p;
    }

    Path optionalReadableFile(String key, String value) {
        return value == null || value.isBlank() ? null : readableFile(key, value);
    }
}
