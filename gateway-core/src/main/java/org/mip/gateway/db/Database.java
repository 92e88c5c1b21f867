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
     * H2 keeps 8 parsed statements per session by default; a C-STORE's index commit alone runs about ten
     * distinct statements, so each was parsed again every time. 64 keeps every module's statements parsed
     * (an operator's own QUERY_CACHE_SIZE in the URL wins).
     */
    static String withH2Defaults(String url) {
        return url.toUpperCase(Locale.ROOT).contains(";QUERY_CACHE_SIZE=") ? url : url + ";QUERY_CACHE_SIZE=64";
    }

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
