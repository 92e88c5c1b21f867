package org.mip.gateway.hl7;

import ca.uhn.hl7v2.HapiContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.mip.gateway.audit.AuditEvent;
import org.mip.gateway.audit.AuditLog;
import org.mip.gateway.audit.AuditVocabulary;
import org.mip.gateway.config.Hl7Config;
import org.mip.gateway.config.MwlConfig;
import org.mip.gateway.db.Database;
import org.mip.gateway.hl7.mllp.MllpServer;
import org.mip.gateway.hl7.order.AdtApplication;
import org.mip.gateway.hl7.order.MwlWorklistBooking;
import org.mip.gateway.hl7.order.OrderApplication;
import org.mip.gateway.hl7.order.OrderMapper;
import org.mip.gateway.hl7.report.MwlOrderLookup;
import org.mip.gateway.hl7.report.OruBuilder;
import org.mip.gateway.hl7.report.Outbox;
import org.mip.gateway.hl7.report.OutboxEntry;
import org.mip.gateway.hl7.report.OutboxRetry;
import org.mip.gateway.hl7.report.OutboxSender;
import org.mip.gateway.hl7.report.ReportService;
import org.mip.gateway.lifecycle.GatewayService;
import org.mip.gateway.lifecycle.ServiceState;
import org.mip.gateway.mwl.BookingService;

/**
 * The HL7 bridge as the launcher sees it: started after the database and the worklist, it builds one
 * {@link HapiContext}, the order receiver behind the MLLP listener, the report service and the outbox
 * sender; it stops the listener first, then the sender, then closes the HAPI context.
 */
public final class Hl7Module implements GatewayService {
    /** The Flyway schema this module owns ({@code db/migration/hl7}). */
    public static final String SCHEMA = "hl7";

    private final Supplier<Database> database;
    private final Supplier<BookingService> bookings;
    private final Supplier<AuditLog> audit;
    private final Hl7Config hl7;
    private final MwlConfig mwl;
    private final Clock clock;
    private final MeterRegistry meters;
    private HapiContext hapi;
    private MllpServer mllp;
    private OutboxSender sender;
    private volatile ReportService reports;
    private volatile Outbox outbox;
    private volatile OutboxRetry retry;
    private volatile ServiceState state = ServiceState.NEW;

    public Hl7Module(Supplier<Database> database, Supplier<BookingService> bookings, Supplier<AuditLog> audit,
            Hl7Config hl7, MwlConfig mwl, Clock clock, MeterRegistry meters) {
        this.database = database;
        this.bookings = bookings;
        this.audit = audit;
        this.hl7 = hl7;
        this.mwl = mwl;
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public String name() {
        return "hl7";
    }

    @Override
    public synchronized void start() throws Exception {
        state = ServiceState.STARTING;
        Database db = database.get();
        ControlIds ids = new ControlIds();
        hapi = Hl7Contexts.newContext(ids);
        OrderMapper mapper = new OrderMapper(mwl);
        MwlWorklistBooking booking = new MwlWorklistBooking(bookings.get(), hl7);
        Hl7Receiver receiver = new Hl7Receiver(hapi, hl7.allowedSenders(), Set.of("P"), ids, clock, audit.get())
                .register("ORM", "O01", new OrderApplication(mapper, booking))
                .register("OMI", "O23", new OrderApplication(mapper, booking))
                .register("ADT", "A08", new AdtApplication(mapper, booking))
                .register("ADT", "A40", new AdtApplication(mapper, booking));
        outbox = new Outbox(db);
        sender = new OutboxSender(db, hl7, clock, OutboxSender.Settings.of(hl7.outbox()), meters);
        retry = new OutboxRetry(db);
        MwlOrderLookup orders = new MwlOrderLookup(bookings.get());
        AuditLog auditLog = audit.get();
        sender.onAcknowledged((id, referrerId, controlId, code) -> {
            count("out", code);
            OutboxEntry e = outbox.get(id);
            String accession = e == null ? "" : e.accessionNumber();
            String patient = orders.findByAccessionNumber(accession)
                    .map(o -> o.item().getString(org.mip.gateway.dicom.data.Tag.PatientID)).orElse(null);
            boolean ok = "AA".equals(code) || "CA".equals(code);
            String where = hl7.referrer(referrerId).map(r -> r.host() + ":" + r.port()).orElse("");
            auditLog.record(AuditVocabulary.REPORT_DELIVERED, ok ? AuditEvent.Outcome.SUCCESS
                    : "AR".equals(code) || "CR".equals(code) ? AuditEvent.Outcome.REJECTED : AuditEvent.Outcome.FAILURE,
                    referrerId, where, "ORU^R01 control ID " + controlId + " accession " + accession + ": ACK " + code,
                    patient);
        });
        reports = new ReportService(outbox, new MwlOrderLookup(bookings.get()), hl7,
                new OruBuilder(hapi, ZoneId.systemDefault()), ids, clock, sender::wake);
        mllp = new MllpServer(hl7, (bytes, remote) -> {
            byte[] ack = receiver.receive(bytes, remote);
            count("in", ackCode(ack));
            return ack;
        });
        try {
            sender.start();
            mllp.start();
        } catch (Exception e) {
            stop(Duration.ofSeconds(5));
            state = ServiceState.FAILED;
            throw e;
        }
        state = ServiceState.UP;
    }

    /** {@code mipgw_hl7_messages_total{direction=in|out, ack=AA|AE|AR|...}}. */
    private void count(String direction, String ack) {
        Counter.builder("mipgw.hl7.messages").description("HL7 messages received (in) and sent (out), by ACK code")
                .tag("direction", direction).tag("ack", ack == null || ack.isBlank() ? "none" : ack)
                .register(meters).increment();
    }

    /** MSA-1 of an ACK, or null. */
    static String ackCode(byte[] ack) {
        if (ack == null) {
            return null;
        }
        String s = new String(ack, StandardCharsets.ISO_8859_1);
        int i = s.indexOf("MSA");
        return i < 0 || s.length() < i + 6 ? null : s.substring(i + 4, i + 6);
    }

    /**
     * Makes a failed or pending report due now (same control ID) and wakes its sender; empty when there is
     * no such entry.
     */
    public java.util.Optional<OutboxEntry> retry(long id) {
        java.util.Optional<OutboxEntry> e = started(retry).retry(id, clock.instant());
        e.ifPresent(x -> sender.wake(x.referrerId()));
        return e;
    }

    public ReportService reports() {
        return started(reports);
    }

    public Outbox outbox() {
        return started(outbox);
    }

    private static <T> T started(T t) {
        if (t == null) {
            throw new IllegalStateException("the HL7 bridge is not started");
        }
        return t;
    }

    /** The MLLP port actually bound (tests bind ephemeral ports). */
    public int mllpPort() {
        return mllp == null ? hl7.port() : mllp.port();
    }

    @Override
    public List<String> endpoints() {
        return mllp == null ? List.of() : mllp.endpoints();
    }

    @Override
    public ServiceState state() {
        if (state == ServiceState.UP && (mllp.state() != ServiceState.UP || sender.state() != ServiceState.UP)) {
            return ServiceState.DOWN;
        }
        return state;
    }

    @Override
    public synchronized void stop(Duration grace) {
        state = ServiceState.STOPPING;
        long deadline = System.nanoTime() + grace.toNanos();
        List<GatewayService> parts = new ArrayList<>();
        if (mllp != null) {
            parts.add(mllp);
        }
        if (sender != null) {
            parts.add(sender);
        }
        for (GatewayService p : parts) {
            p.stop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        if (hapi != null) {
            try {
                hapi.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
        state = ServiceState.STOPPED;
    }
}
