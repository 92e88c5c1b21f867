package org.mip.gateway.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.mip.gateway.config.DbConfig;
import org.mip.gateway.config.Secret;

/**
 * Databases for tests: an H2 file database in a temporary folder, or a fresh database on the
 * PostgreSQL server named by {@code TEST_PG_URL} (+ {@code TEST_PG_USER}, {@code TEST_PG_PASSWORD}),
 * which {@code .ci/run} starts. Without it, PostgreSQL tests fail under CI=true and skip elsewhere.
 */
public final class TestDatabases {
    private TestDatabases() {}

    public static DbConfig h2(Path dir) {
        return new DbConfig("jdbc:h2:file:" + dir.toAbsolutePath().resolve("db/test"), "sa", new Secret(""), 4);
    }

    /** A PostgreSQL database created for this test; drop it with {@link #dropPostgres(DbConfig)}. */
    public static DbConfig postgres() {
        String adminUrl = System.getenv("TEST_PG_URL");
        if (adminUrl == null || adminUrl.isBlank()) {
            Peers.missing("PostgreSQL (environment TEST_PG_URL is not set; .ci/run sets it)", "postgresql");
        }
        String user = System.getenv().getOrDefault("TEST_PG_USER", "postgres");
        String password = System.getenv().getOrDefault("TEST_PG_PASSWORD", "");
        String name = "mipgw_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + adminUrl + ": " + e.getMessage(), e);
        }
        int slash = adminUrl.lastIndexOf('/');
        String base = adminUrl.substring(0, slash + 1);
        return new DbConfig(base + name, user, new Secret(password), 4);
    }

    public static void dropPostgres(DbConfig db) {
        String adminUrl = System.getenv("TEST_PG_URL");
        String name = db.url().substring(db.url().lastIndexOf('/') + 1);
        try (Connection c = DriverManager.getConnection(adminUrl, db.user(), db.password().value());
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop test database " + name + ": " + e.getMessage());
        }
    }
}
