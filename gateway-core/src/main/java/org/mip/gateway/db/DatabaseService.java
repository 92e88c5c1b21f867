package org.mip.gateway.db;

import java.time.Duration;
import java.util.List;
import org.mip.gateway.config.DbConfig;
import org.mip.gateway.lifecycle.GatewayService;
import org.mip.gateway.lifecycle.ServiceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the database and migrates each module's schema first thing at start; closes it last. */
public final class DatabaseService implements GatewayService {
    private static final Logger log = LoggerFactory.getLogger(DatabaseService.class);

    private final DbConfig config;
    private final List<String> schemas;
    private volatile Database database;
    private volatile ServiceState state = ServiceState.NEW;

    /** @param schemas the module schemas to migrate, in order (e.g. core, mwl, storescp, hl7) */
    public DatabaseService(DbConfig config, List<String> schemas) {
        this.config = config;
        this.schemas = List.copyOf(schemas);
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public void start() {
        state = ServiceState.STARTING;
        try {
            Database db = Database.open(config);
            try {
                schemas.forEach(db::migrate);
            } catch (RuntimeException e) {
                db.close();
                throw e;
            }
            database = db;
            state = ServiceState.UP;
            log.info("database ready: {}", redact(config.url()));
        } catch (RuntimeException e) {
            state = ServiceState.FAILED;
            throw e;
        }
    }

    /** The open database; only after {@link #start()}. */
    public Database database() {
        Database db = database;
        if (db == null) {
            throw new IllegalStateException("database is not started");
        }
        return db;
    }

    @Override
    public void stop(Duration grace) {
        state = ServiceState.STOPPING;
        Database db = database;
        if (db != null) {
            db.close();
        }
        state = ServiceState.STOPPED;
    }

    @Override
    public ServiceState state() {
        Database db = database;
        if (state == ServiceState.UP && db != null && !db.isHealthy(2)) {
            return ServiceState.DOWN;
        }
        return state;
    }

    /** JDBC URLs may carry a password parameter: never log it. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1******");
    }
}
