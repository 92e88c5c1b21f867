package org.mip.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mip.gateway.config.AuditConfig;
import org.mip.gateway.config.DbConfig;
import org.mip.gateway.db.Database;
import org.mip.gateway.testing.FreePorts;
import org.mip.gateway.testing.TestDatabases;

/** The audit table's filters, and its copy to syslog over TCP and UDP, including a collector that is down. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuditTrailIT {
    @TempDir
    Path tmp;

    private DbConfig pg;
    private Database db;
    private AuditForwarder forwarder;

    static Stream<String> engines() {
        return Stream.of("h2", "postgresql");
    }

    private AuditLog open(String engine, Clock clock) {
        DbConfig cfg = engine.equals("h2") ? TestDatabases.h2(tmp) : (pg = TestDatabases.postgres());
        db = Database.open(cfg);
        db.migrate("core");
        return new AuditLog(db, clock);
    }

    @AfterEach
    void close() {
        if (forwarder != null) {
            forwarder.stop(Duration.ofSeconds(2));
        }
        if (db != null) {
            db.close();
        }
        if (pg != null) {
            TestDatabases.dropPostgres(pg);
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void query_filtersByTimeActionActorAndPatient(String engine) {
        Instant t0 = Instant.parse("2026-11-26T08:00:00Z");
        MutableClock clock = new MutableClock(t0);
        AuditLog log = open(engine, clock);
        log.record("MWL_BOOKING_CREATED", AuditEvent.Outcome.SUCCESS, "ann@127.0.0.1", "http", "id=1", "P1");
        clock.now = t0.plusSeconds(3600);
        log.record("MWL_QUERY", AuditEvent.Outcome.SUCCESS, "MRI1", "10.0.0.5", "modality=MR", "P1");
        clock.now = t0.plusSeconds(7200);
        log.record("MWL_QUERY", AuditEvent.Outcome.SUCCESS, "US1", "10.0.0.6", "modality=US", "P2");
        log.record("DICOM_ASSOCIATION", AuditEvent.Outcome.REJECTED, "EVIL", "10.0.0.7", "rejected");

        assertThat(log.query(AuditQuery.all(100))).hasSize(4).first()
                .satisfies(e -> assertThat(e.action()).isEqualTo("DICOM_ASSOCIATION"));
        assertThat(log.query(new AuditQuery(null, null, null, null, "P1", 100)))
                .extracting(AuditEvent::action).containsExactly("MWL_QUERY", "MWL_BOOKING_CREATED");
        assertThat(log.query(new AuditQuery(t0.plusSeconds(1800), t0.plusSeconds(7200), null, null, null, 100)))
                .extracting(AuditEvent::actor).containsExactly("MRI1");
        assertThat(log.query(new AuditQuery(null, null, "MWL_QUERY", "US1", null, 100)))
                .singleElement().satisfies(e -> {
                    assertThat(e.patientId()).isEqualTo("P2");
                    assertThat(e.source()).isEqualTo("10.0.0.6");
                    assertThat(e.id()).isPositive();
                });
        assertThat(log.query(AuditQuery.all(2))).hasSize(2);
        assertThat(log.after(0, 10)).extracting(AuditEvent::actor).containsExactly("ann@127.0.0.1", "MRI1", "US1", "EVIL");
    }

    @Test
    void syslogTcp_downThenUp_nothingMissingFromTheDatabaseAndTheBacklogArrives() throws Exception {
        AuditLog log = open("h2", Clock.systemUTC());
        int port = FreePorts.next(); // nobody listens there yet
        forwarder = new AuditForwarder(() -> log, new AuditConfig.Syslog("127.0.0.1", port, AuditConfig.Protocol.TCP),
                Duration.ofMillis(50));
        forwarder.start();
        for (int i = 0; i < 20; i++) {
            log.record("HL7_MESSAGE", AuditEvent.Outcome.SUCCESS, "TRUST_A", "10.1.2.3", "ORM^O01 MSG" + i, "NHS" + i);
        }
        assertThat(log.query(new AuditQuery(null, null, "HL7_MESSAGE", null, null, 100))).hasSize(20);
        Thread.sleep(300); // several failed sends
        assertThat(forwarder.cursor()).isZero();

        List<String> received = new CopyOnWriteArrayList<>();
        try (ServerSocket collector = new ServerSocket(port, 5, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> readOctetCounted(collector, received));
            t.setDaemon(true);
            t.start();
            await().atMost(Duration.ofSeconds(40)).until(() -> received.size() >= 20);
        }
        assertThat(received).hasSize(20);
        String first = received.get(0);
        assertThat(first).startsWith("<85>1 ").contains(" mipgw ").contains(" HL7_MESSAGE [" + SyslogMessage.SD_ID)
                .contains("eventId=\"110109\"").contains("eventActionCode=\"U\"").contains("eventOutcomeIndicator=\"0\"")
                .contains("actor=\"TRUST_A\"").contains("patientId=\"NHS0\"").endsWith("\uFEFFORM^O01 MSG0");
        assertThat(received.get(19)).contains("patientId=\"NHS19\"");
    }

    @Test
    void syslogUdp_oneDatagramPerEvent_escapingStructuredData() throws Exception {
        AuditLog log = open("h2", Clock.systemUTC());
        try (DatagramSocket collector = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            collector.setSoTimeout(20_000);
            forwarder = new AuditForwarder(() -> log, new AuditConfig.Syslog("127.0.0.1", collector.getLocalPort(),
                    AuditConfig.Protocol.UDP), Duration.ofMillis(50));
            forwarder.start();
            log.record("DICOM_ASSOCIATION", AuditEvent.Outcome.REJECTED, "EV\"IL]", "10.0.0.7:4000", "rejected: AE");
            byte[] buf = new byte[9000];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            collector.receive(p);
            String msg = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            assertThat(msg).startsWith("<84>1 ").contains(" DICOM_ASSOCIATION [").contains("actor=\"EV\\\"IL\\]\"")
                    .contains("eventId=\"110114\"").contains("eventOutcomeIndicator=\"4\"").doesNotContain("patientId");
        }
    }

    private static void readOctetCounted(ServerSocket server, List<String> out) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                while (true) {
                    int len = 0;
                    int b;
                    while ((b = in.read()) != ' ') {
                        if (b < 0) {
                            return;
                        }
                        len = len * 10 + (b - '0');
                    }
                    ByteArrayOutputStream msg = new ByteArrayOutputStream();
                    for (int i = 0; i < len; i++) {
                        msg.write(in.read());
                    }
                    out.add(msg.toString(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
