package org.mip.gateway.mwl;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.mip.gateway.audit.AuditLog;
import org.mip.gateway.config.MwlConfig;
import org.mip.gateway.db.Database;
import org.mip.gateway.lifecycle.GatewayService;
import org.mip.gateway.lifecycle.ServiceState;
import org.mip.gateway.mwl.mpps.MppsService;
import org.mip.gateway.mwl.query.WorklistQuery;

/**
 * The worklist module as the launcher sees it: started after the database, it builds the booking
 * service (used by the HTTP API, the HL7 bridge and the import command), the query engine behind the
 * MWL C-FIND SCP and the MPPS logic.
 */
public final class WorklistModule implements GatewayService {
    /** The Flyway schema this module owns ({@code db/migration/mwl}). */
    public static final String SCHEMA = "mwl";

    private final Supplier<Database> database;
    private final MwlConfig config;
    private final Clock clock;
    private volatile BookingService bookings;
    private volatile WorklistQuery query;
    private volatile MppsService mpps;
    private volatile ServiceState state = ServiceState.NEW;

    public WorklistModule(Supplier<Database> database, MwlConfig config, Clock clock) {
        this.database = database;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "worklist";
    }

    @Override
    public void start() {
        Database db = database.get();
        AuditLog audit = new AuditLog(db, clock);
        bookings = new BookingService(db, config, audit, clock);
        query = new WorklistQuery(db);
        mpps = new MppsService(db, audit, clock);
        state = ServiceState.UP;
    }

    @Override
    public void stop(Duration grace) {
        state = ServiceState.STOPPED;
    }

    @Override
    public ServiceState state() {
        return state;
    }

    public BookingService bookings() {
        return started(bookings);
    }

    public WorklistQuery query() {
        return started(query);
    }

    public MppsService mpps() {
        return started(mpps);
    }

    private static <T> T started(T service) {
        if (service == null) {
            throw new IllegalStateException("the worklist module is not started");
        }
        return service;
    }
}
