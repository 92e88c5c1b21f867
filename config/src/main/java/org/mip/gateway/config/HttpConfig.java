package org.mip.gateway.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code http.*}: the HTTP API and web console. Bound to a loopback address it is open to local
 * clients; bound elsewhere it requires TLS ({@code http.tls.cert}, {@code http.tls.key}) and HTTP Basic
 * authentication against {@code http.users} (the loader refuses anything less).
 */
public record HttpConfig(String host, int port, Path tlsCert, Path tlsKey, List<User> users) {
    public HttpConfig {
        users = List.copyOf(users);
    }

    /** Loopback, no TLS, no users: what tests and a local console use. */
    public HttpConfig(String host, int port) {
        this(host, port, null, null, List.of());
    }

    /** Roles, each allowed what the ones before it are: viewer (read) &lt; operator (book, report) &lt; admin. */
    public enum Role {
        VIEWER, OPERATOR, ADMIN;

        public boolean includes(Role needed) {
            return compareTo(needed) >= 0;
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A console/API user; {@code passwordHash} is {@code pbkdf2-sha256:ITERATIONS:SALT:HASH} (Base64). */
    public record User(String name, Secret passwordHash, Role role) {}

    public boolean tls() {
        return tlsCert != null && tlsKey != null;
    }

    /** Whether the listener is reachable only from this machine (then no authentication is asked). */
    public boolean loopback() {
        return isLoopback(host);
    }

    public Optional<User> user(String name) {
        return users.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    /** A literal loopback address or {@code localhost} (no name lookup). */
    public static boolean isLoopback(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
