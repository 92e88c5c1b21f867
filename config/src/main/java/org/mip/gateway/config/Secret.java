package org.mip.gateway.config;

/** A value that is never printed: {@link #toString()} masks it. */
public record Secret(String value) {
    public static final String MASK = "******";

    public boolean isEmpty() {
        return value == null || value.isEmpty();
    }

    @Override
    public String toString() {
        return isEmpty() ? "" : MASK;
    }
}
