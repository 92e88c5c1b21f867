package org.mip.gateway.net.client;

import java.util.Objects;

/** A remote AE: AE title, host and port, written {@code AET@HOST:PORT} on the command line. */
public record AeAddress(String aeTitle, String host, int port) {
    public AeAddress {
        Objects.requireNonNull(aeTitle, "aeTitle");
        Objects.requireNonNull(host, "host");
        if (aeTitle.isBlank() || aeTitle.length() > 16) {
            throw new IllegalArgumentException("AE title must be 1-16 characters: '" + aeTitle + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port not in 1..65535: " + port);
        }
    }

    /** Parses {@code AET@HOST:PORT} (an IPv6 host in brackets: {@code AET@[::1]:104}). */
    public static AeAddress parse(String text) {
        int at = text.indexOf('@');
        int colon = text.lastIndexOf(':');
        if (at <= 0 || colon < at + 2 || colon == text.length() - 1) {
            throw new IllegalArgumentException("expected AET@HOST:PORT, got '" + text + "'");
        }
        String host = text.substring(at + 1, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port is not a number in '" + text + "'");
        }
        return new AeAddress(text.substring(0, at), host, port);
    }

    @Override
    public String toString() {
        return aeTitle + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
