package org.mip.gateway.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mip.gateway.audit.AuditEvent;
import org.mip.gateway.audit.AuditLog;
import org.mip.gateway.config.DbConfig;
import org.mip.gateway.config.Secret;
import org.mip.gateway.testing.TestDatabases;

/** The same migrations and transactions, on the embedded H2 database and on a real PostgreSQL server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DatabaseIT {
    @TempDir
    Path tmp;

    private DbConfig pg;

    static Stream<String> engines() {
        return Stream.of("h2", "postgresql");
    }

    private DbConfig config(String engine) {
        if (engine.equals("h2")) {
            return TestDatabases.h2(tmp);
        }
        pg = TestDatabases.postgres();
        return pg;
    }

    @AfterEach
    void dropPostgres() {
        if (pg != null) {
            TestDatabases.dropPostgres(pg);
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void migrate_appliesEachModuleIndependentlyAndOnlyOnce(String engine) throws Exception {
        try (Database db = Database.open(config(engine))) {
            assertThat(db.migrate("core")).isEqualTo(2);
            assertThat(db.migrate("testmod")).isEqualTo(2);
            assertThat(db.migrate("core")).isZero();
            assertThat(db.migrate("testmod")).isZero();
            int rows = db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO widget (name, size_mm) VALUES (?, ?)")) {
                    ps.setString(1, "coil");
                    ps.setInt(2, 300);
                    return ps.executeUpdate();
                }
            });
            assertThat(rows).isEqualTo(1);
            assertThat(count(db, "\"flyway_history_core\"")).isGreaterThanOrEqualTo(1);
            assertThat(count(db, "\"flyway_history_testmod\"")).isGreaterThanOrEqualTo(2);
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void inTransaction_rollsBackEverythingWhenTheWorkThrows(String engine) throws Exception {
        try (Database db = Database.open(config(engine))) {
            db.migrate("testmod");
            assertThatThrownBy(() -> db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO widget (name) VALUES (?)")) {
                    ps.setString(1, "first");
                    ps.executeUpdate();
                    ps.setString(1, "first"); // unique violation
                    return ps.executeUpdate();
                }
            })).isInstanceOf(DatabaseException.class).hasMessageContaining("transaction failed");
            assertThat(count(db, "widget")).isZero();

            assertThatThrownBy(() -> db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO widget (name) VALUES ('second')")) {
                    ps.executeUpdate();
                }
                throw new IllegalStateException("business rule broken");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(count(db, "widget")).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void auditLog_recordsEventsThatCanBeReadBack(String engine) throws Exception {
        try (Database db = Database.open(config(engine))) {
            db.migrate("core");
            Clock clock = Clock.fixed(Instant.parse("2026-11-26T08:00:00Z"), ZoneOffset.UTC);
            AuditLog audit = new AuditLog(db, clock);
            audit.record("DICOM_ASSOCIATION", AuditEvent.Outcome.SUCCESS, "MRI_MOBILE1", "10.0.0.5:4001", "MIPGW");
            audit.record("DICOM_ASSOCIATION", AuditEvent.Outcome.REJECTED, "STRANGER", "10.0.0.9:4002",
                    "calling AE title not recognized");
            assertThat(audit.latest(10)).usingRecursiveFieldByFieldElementComparatorIgnoringFields("id").containsExactly(
                    new AuditEvent(clock.instant(), "DICOM_ASSOCIATION", AuditEvent.Outcome.REJECTED, "STRANGER",
                            "10.0.0.9:4002", "calling AE title not recognized"),
                    new AuditEvent(clock.instant(), "DICOM_ASSOCIATION", AuditEvent.Outcome.SUCCESS, "MRI_MOBILE1",
                            "10.0.0.5:4001", "MIPGW"));
            assertThat(db.isHealthy(2)).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void h2DataSurvivesReopening_andPostgresIsTheSame(String engine) throws Exception {
        DbConfig cfg = config(engine);
        try (Database db = Database.open(cfg)) {
            db.migrate("core");
            new AuditLog(db, Clock.systemUTC()).record("TEST", AuditEvent.Outcome.SUCCESS, "a", "b", "c");
        }
        try (Database db = Database.open(cfg)) {
            assertThat(db.migrate("core")).isZero();
            assertThat(count(db, "audit_event")).isEqualTo(1);
        }
    }

    @org.junit.jupiter.api.Test
    void h2_writesEachCommitToItsFileAtOnce() throws Exception {
        try (Database db = Database.open(TestDatabases.h2(tmp))) {
            String delay = db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'");
                        ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            assertThat(delay).as("a killed process must not lose acknowledged commits").isEqualTo("0");
        }
    }

    /** H2 reports QUERY_CACHE_SIZE among its settings and PAGE_SIZE among its information settings. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "QUERY_CACHE_SIZE, QUERY_CACHE_SIZE, 64, 16",     // parsed statements kept per session
        "PAGE_SIZE, info.PAGE_SIZE, 2048, 8192",          // B-tree pages split at 2 KB
    })
    void h2_getsTheGatewaysSetting_unlessTheUrlSaysOtherwise(String key, String reported, String ours,
                                                               String own) throws Exception {
        assertThat(h2Setting(TestDatabases.h2(tmp), reported)).isEqualTo(ours);
        DbConfig cfg = TestDatabases.h2(tmp.resolve("own"));
        DbConfig withOwn = new DbConfig(cfg.url() + ";" + key.toLowerCase(java.util.Locale.ROOT) + "=" + own,
                cfg.user(), cfg.password(), cfg.poolSize());
        assertThat(h2Setting(withOwn, reported)).isEqualTo(own);
    }

    private static String h2Setting(DbConfig cfg, String name) {
        try (Database db = Database.open(cfg)) {
            return db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = ?")) {
                    ps.setString(1, name);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? rs.getString(1) : null;
                    }
                }
            });
        }
    }

    @org.junit.jupiter.api.Test
    void open_unreachableDatabase_namesTheUrlButNotThePassword() {
        DbConfig bad = new DbConfig("jdbc:postgresql://127.0.0.1:1/nowhere", "u", new Secret("hunter2"), 2);
        assertThatThrownBy(() -> Database.open(bad))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/nowhere")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> Database.open(new DbConfig("jdbc:mysql://x/y", "u", new Secret(""), 2)))
                .hasMessageContaining("unsupported database URL");
    }

    private static long count(Database db, String table) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table);
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                throw e;
            }
        });
    }
}
