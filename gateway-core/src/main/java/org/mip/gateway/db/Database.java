package org.mip.gateway.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.mip.gateway.config.DbConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's database: a HikariCP pool over H2 (embedded default) or PostgreSQL, schema
 * migrations per module, and transactions.
 *
 * <p>Each module owns its migrations under {@code db/migration/<module>} with its own Flyway
 * history table, so modules can version their schema independently without version clashes.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final Dialect dialect;

    /** The SQL family, for the few statements that differ. */
    public enum Dialect { H2, POSTGRESQL }

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /**
     * Opens the pool and checks that the database answers.
     *
     * @throws DatabaseException naming the URL (never the password) when it cannot be reached
     */
    public static Database open(DbConfig config) {
        Dialect dialect = dialectOf(config.url());
        if (dialect == Dialect.H2) {
            createH2Directory(config.url());
        }
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(dialect == Dialect.H2 ? withH2Defaults(config.url()) : config.url());
        hc.setUsername(config.user());
        hc.setPassword(config.password().value());
        hc.setMaximumPoolSize(config.poolSize());
        hc.setMinimumIdle(Math.min(2, config.poolSize()));
        hc.setPoolName("mipgw-db");
        hc.setAutoCommit(true);
        hc.setConnectionTimeout(10_000);
        hc.setInitializationFailTimeout(10_000);
        Database db;
        try {
            db = new Database(new HikariDataSource(hc), dialect);
        } catch (RuntimeException e) {
            throw new DatabaseException("cannot open database " + config.url() + ": " + rootMessage(e), e);
        }
        if (dialect == Dialect.H2) {
            db.durableH2Commits();
        }
        return db;
    }

    /**
     * An embedded H2 keeps committed changes in memory for up to WRITE_DELAY (500 ms by default) before
     * it writes them to its file, so a killed process would lose what was already acknowledged (an HL7
     * AA, a C-STORE Success). WRITE_DELAY 0 writes each commit to the file as it happens. The setting is
     * persistent and database-wide.
     */
    private void durableH2Commits() {
        inTransaction(c -> {
            try (var st = c.createStatement()) {
                st.execute("SET WRITE_DELAY 0");
            }
            return null;
        });
    }

    /**
     * Settings an embedded H2 gets unless the URL gives its own:
     * <ul>
     *   <li>{@code QUERY_CACHE_SIZE=64}: H2 keeps 8 parsed statements per session by default; a C-STORE's
     *       index commit alone runs about ten distinct statements, so each was parsed again every time. 64
     *       keeps every module's statements parsed.</li>
     *   <li>{@code PAGE_SIZE=2048}: the size at which H2 splits a B-tree page (16 KB by default). With
     *       WRITE_DELAY 0 every commit rewrites each page it touched, so the gateway's many small commits (a
     *       C-STORE, an HL7 order, an MPPS) pay for whole pages: a stored instance made H2 write 21.6 KB at
     *       16 KB pages, 13.4 KB at 4 KB and 11.6 KB at 2 KB (1 KB saves only 4 % more and deepens every
     *       tree). It applies each time the database is opened; pages already written keep their size
     *       until they are rewritten.</li>
     * </ul>
     */
    static String withH2Defaults(String url) {
        String u = url.toUpperCase(Locale.ROOT);
        String out = url;
        if (!u.contains(";QUERY_CACHE_SIZE=")) {
            out += ";QUERY_CACHE_SIZE=64";
        }
        if (!u.contains(";PAGE_SIZE=")) {
            out += ";PAGE_SIZE=" + H2_PAGE_SIZE;
        }
        return out;
    }

    /** See {@link #withH2Defaults}. */
    static final int H2_PAGE_SIZE = 2048;

    private static Dialect dialectOf(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:h2:")) {
            return Dialect.H2;
        }
        if (u.startsWith("jdbc:postgresql:")) {
            return Dialect.POSTGRESQL;
        }
        throw new DatabaseException("unsupported database URL " + url + ": use jdbc:h2:... or jdbc:postgresql://...");
    }

    /** H2 creates the database file but not its folder. */
    private static void createH2Directory(String url) {
        String prefix = "jdbc:h2:file:";
        if (!url.startsWith(prefix)) {
            return;
        }
        String path = url.substring(prefix.length());
        int semi = path.indexOf(';');
        Path file = Path.of(semi < 0 ? path : path.substring(0, semi));
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new DatabaseException("cannot create the database folder for " + url + ": " + e.getMessage(), e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * Brings the schema of one module up to date from {@code classpath:db/migration/<module>}.
     *
     * @return the number of migrations applied now
     */
    public int migrate(String module) {
        if (!module.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("module name must be lower-case letters, digits or _: " + module);
        }
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/" + module)
                .table("flyway_history_" + module)
                // Another module's tables may already be there: start this module's history from 0.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
        try {
            MigrateResult result = flyway.migrate();
            if (result.migrationsExecuted > 0) {
                log.info("database schema '{}' migrated to version {} ({} migrations)",
                        module, result.targetSchemaVersion, result.migrationsExecuted);
            }
            return result.migrationsExecuted;
        } catch (RuntimeException e) {
            throw new DatabaseException("migration of schema '" + module + "' failed: " + rootMessage(e), e);
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(TransactionWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new DatabaseException("database transaction failed: " + e.getMessage(), e);
        }
    }

    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Whether a connection can be had and answers within {@code timeoutSeconds}. */
    public boolean isHealthy(int timeoutSeconds) {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(timeoutSeconds);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getMessage() == null ? r.toString() : r.getMessage();
    }

    /** Work inside a transaction. */
    @FunctionalInterface
    public interface TransactionWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
