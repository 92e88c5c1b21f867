package org.mip.gateway.config;

import java.util.List;

/**
 * A configuration that cannot be used. Each problem names the key, the offending value and the
 * rule it breaks, so that an operator can fix it from the message alone.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    /** One broken rule: {@code key = 'value': rule}. */
    public record Problem(String key, String value, String rule) {
        @Override
        public String toString() {
            return value == null ? key + ": " + rule : key + " = '" + value + "': " + rule;
        }
    }

    public ConfigException(List<Problem> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String key, String value, String rule) {
        this(List.of(new Problem(key, value, rule)));
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String format(List<Problem> problems) {
        if (problems.size() == 1) {
            return "invalid configuration: " + problems.get(0);
        }
        StringBuilder sb = new StringBuilder("invalid configuration (" + problems.size() + " problems):");
        for (Problem p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.toString();
    }
}
