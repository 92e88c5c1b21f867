package org.mip.gateway.mwl;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.mip.gateway.audit.AuditLog;
import org.mip.gateway.config.DbConfig;
import org.mip.gateway.config.MwlConfig;
import org.mip.gateway.db.Database;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.mwl.mpps.MppsService;
import org.mip.gateway.mwl.query.QueryOptions;
import org.mip.gateway.mwl.query.WorklistCursor;
import org.mip.gateway.mwl.query.WorklistQuery;
import org.mip.gateway.testing.TestDatabases;

/** A migrated worklist database (H2 or PostgreSQL) with the services over it, for ITs. */
public final class MwlFixture implements AutoCloseable {
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T07:00:00Z"), ZoneOffset.UTC);

    public final Database db;
    public final BookingService bookings;
    public final WorklistQuery query;
    public final MppsService mpps;
    public final AuditLog audit;
    private final DbConfig pg;

    public static Stream<String> engines() {
        return Stream.of("h2", "postgresql");
    }

    public MwlFixture(String engine, Path tmp) {
        this(engine, tmp, new MwlConfig(List.of(new MwlConfig.Station("MRI_1", "MR", "MRI one"))));
    }

    public MwlFixture(String engine, Path tmp, MwlConfig config) {
        DbConfig cfg = engine.equals("h2") ? TestDatabases.h2(tmp) : TestDatabases.postgres();
        pg = engine.equals("h2") ? null : cfg;
        db = Database.open(cfg);
        db.migrate("core");
        db.migrate("mwl");
        audit = new AuditLog(db, CLOCK);
        bookings = new BookingService(db, config, audit, CLOCK);
        query = new WorklistQuery(db, QueryOptions.DEFAULT);
        mpps = new MppsService(db, audit, CLOCK);
    }

    /** All responses of {@code identifier}. */
    public List<Attributes> find(Attributes identifier, QueryOptions options) {
        List<Attributes> out = new ArrayList<>();
        try (WorklistCursor c = query.find(identifier, options)) {
            c.forEachRemaining(out::add);
        }
        return out;
    }

    public List<Attributes> find(Attributes identifier) {
        return find(identifier, QueryOptions.DEFAULT);
    }

    /** A minimal valid item. */
    public static Attributes item(String accession, String spsId, String patientId, String name, String modality,
            String date, String time, String... stations) {
        Attributes a = new Attributes();
        if (!name.chars().allMatch(ch -> ch < 0x80)) {
            a.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        }
        a.setString(Tag.AccessionNumber, VR.SH, accession);
        a.setString(Tag.PatientName, VR.PN, name);
        a.setString(Tag.PatientID, VR.LO, patientId);
        a.setString(Tag.RequestedProcedureID, VR.SH, "RP" + accession);
        Attributes sps = a.newSequence(Tag.ScheduledProcedureStepSequence, 1).addItem();
        sps.setString(Tag.Modality, VR.CS, modality);
        sps.setString(Tag.ScheduledProcedureStepStartDate, VR.DA, date);
        if (time != null) {
            sps.setString(Tag.ScheduledProcedureStepStartTime, VR.TM, time);
        }
        sps.setString(Tag.ScheduledProcedureStepID, VR.SH, spsId);
        if (stations.length > 0) {
            sps.setString(Tag.ScheduledStationAETitle, VR.AE, stations);
        }
        return a;
    }

    @Override
    public void close() {
        db.close();
        if (pg != null) {
            TestDatabases.dropPostgres(pg);
        }
    }
}
