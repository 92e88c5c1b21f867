package org.mip.gateway.config;

/** {@code db.*}: the JDBC database (embedded H2 by default, PostgreSQL when the URL names it). */
public record DbConfig(String url, String user, Secret password, int poolSize) {
    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    public boolean isH2() {
        return url.startsWith("jdbc:h2:");
    }
}
