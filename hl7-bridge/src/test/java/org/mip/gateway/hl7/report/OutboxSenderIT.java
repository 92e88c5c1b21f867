package org.mip.gateway.hl7.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mip.gateway.config.DbConfig;
import org.mip.gateway.config.Hl7Config;
import org.mip.gateway.config.TlsConfig;
import org.mip.gateway.db.Database;
import org.mip.gateway.hl7.ControlIds;
import org.mip.gateway.hl7.Hl7Contexts;
import org.mip.gateway.hl7.mllp.MllpFrameEncoder;
import org.mip.gateway.testing.TestDatabases;

/** The outbox against a scripted MLLP referrer: retries, order, AR parking, restart. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OutboxSenderIT {
    @TempDir
    Path tmp;

    private DbConfig pg;
    private ScriptedPeer peer;
    private final List<OutboxSender> senders = new ArrayList<>();

    static Stream<String> engines() {
        return Stream.of("h2", "postgresql");
    }

    @AfterEach
    void tearDown() {
        senders.forEach(s -> s.stop(Duration.ofSeconds(2)));
        if (peer != null) {
            peer.close();
        }
        if (pg != null) {
            TestDatabases.dropPostgres(pg);
        }
    }

    /** A referrer's HL7 engine: answers the n-th frame it receives as the script says (null = no answer). */
    static final class ScriptedPeer implements AutoCloseable {
        final ServerSocket server;
        final List<String> received = Collections.synchronizedList(new ArrayList<>());
        final Function<Integer, String> script;
        final long delayMs;

        ScriptedPeer(Function<Integer, String> script, long delayMs) throws Exception {
            this.server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            this.script = script;
            this.delayMs = delayMs;
            Thread t = new Thread(this::accept, "scripted-peer");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> serve(s), "scripted-peer-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (Exception e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                while (true) {
                    int b;
                    while ((b = in.read()) != 0x0B) {
                        if (b < 0) {
                            return;
                        }
                    }
                    ByteArrayOutputStream msg = new ByteArrayOutputStream();
                    while ((b = in.read()) != 0x1C) {
                        if (b < 0) {
                            return;
                        }
                        msg.write(b);
                    }
                    String text = msg.toString(StandardCharsets.UTF_8);
                    String controlId = text.split("\r")[0].split("\\|")[9];
                    int n = received.size();
                    received.add(controlId);
                    String code = script.apply(n);
                    if (delayMs > 0) {
                        Thread.sleep(delayMs);
                    }
                    if (code != null) {
                        String ack = "MSH|^~\\&|REF|REF|MIPGW|MIPGW|20261126||ACK^R01|A" + n + "|P|2.4\rMSA|" + code + "|"
                                + controlId + "|scripted " + code + "\r";
                        out.write(MllpFrameEncoder.frame(ack.getBytes(StandardCharsets.US_ASCII)));
                        out.flush();
                    }
                }
            } catch (Exception e) {
                // connection closed
            }
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (Exception ignored) {
                // closing
            }
        }
    }

    private Database open(String engine) {
        DbConfig cfg = engine.equals("h2") ? TestDatabases.h2(tmp) : (pg = TestDatabases.postgres());
        Database db = Database.open(cfg);
        db.migrate("hl7");
        return db;
    }

    private static Hl7Config config(int port) {
        return new Hl7Config("127.0.0.1", 0, TlsConfig.OFF, List.of(),
                List.of(new Hl7Config.Referrer("REF_A", "HOSP_A", "127.0.0.1", port, "2.5.1")));
    }

    private static ReportService reports(Database db, Hl7Config config, OutboxSender sender) {
        OrderLookup lookup = acc -> Optional.of(new OrderSummary(OruBuilderTest.order(), "REF_A"));
        return new ReportService(new Outbox(db), lookup, config,
                new OruBuilder(Hl7Contexts.newContext(new ControlIds()), ZoneOffset.UTC), new ControlIds(), Clock.systemUTC(),
                sender == null ? null : sender::wake);
    }

    private OutboxSender sender(Database db, Hl7Config config, Duration urgentAlert) {
        OutboxSender s = new OutboxSender(db, config, Clock.systemUTC(), new OutboxSender.Settings(Duration.ofMillis(700),
                Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(100), urgentAlert, Duration.ofSeconds(2)),
                new SimpleMeterRegistry());
        senders.add(s);
        return s;
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aeThenTimeoutThenAr_retriedUnderTheSameControlId_orderKept_arParked_nextDelivered(String engine) throws Exception {
        // frame 0: AE, frame 1: no answer (timeout), frame 2: AR, then AA
        peer = new ScriptedPeer(n -> n == 0 ? "AE" : n == 1 ? null : n == 2 ? "AR" : "AA", 0);
        try (Database db = open(engine)) {
            Hl7Config config = config(peer.port());
            OutboxSender sender = sender(db, config, Duration.ofMinutes(5));
            ReportService reports = reports(db, config, sender);
            OutboxEntry first = reports.submit("ACC-1", "F", "first report", false, "House^Greg", null);
            OutboxEntry second = reports.submit("ACC-2", "P", "second report", false, "House^Greg", null);
            OutboxEntry third = reports.submit("ACC-3", "F", "third report", false, "House^Greg", null);
            sender.start();
            Outbox outbox = new Outbox(db);
            await().atMost(Duration.ofSeconds(30)).until(() -> outbox.get(third.id()).state() == OutboxEntry.State.DELIVERED);
            assertThat(peer.received).containsExactly(first.controlId(), first.controlId(), first.controlId(),
                    second.controlId(), third.controlId());
            OutboxEntry f = outbox.get(first.id());
            assertThat(f.state()).isEqualTo(OutboxEntry.State.FAILED);
            assertThat(f.attempts()).isEqualTo(3);
            assertThat(f.lastError()).startsWith("AR");
            OutboxEntry s = outbox.get(second.id());
            assertThat(s.state()).isEqualTo(OutboxEntry.State.DELIVERED);
            assertThat(s.latencyMs()).isNotNull().isPositive();
            assertThat(s.attempts()).isEqualTo(1);
            assertThat(outbox.list(OutboxEntry.State.FAILED, 10)).extracting(OutboxEntry::id).containsExactly(first.id());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void urgentGoesFirst_andAnUnacknowledgedUrgentReportRaisesAnAlertOnce(String engine) throws Exception {
        peer = new ScriptedPeer(n -> null, 0); // never answers
        try (Database db = open(engine)) {
            Hl7Config config = config(peer.port());
            OutboxSender sender = sender(db, config, Duration.ZERO);
            ReportService reports = reports(db, config, null);
            OutboxEntry routine = reports.submit("ACC-1", "F", "routine", false, "House^Greg", null);
            OutboxEntry urgent = reports.submit("ACC-2", "F", "urgent", true, "House^Greg", null);
            sender.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> !peer.received.isEmpty());
            assertThat(peer.received.get(0)).isEqualTo(urgent.controlId());
            assertThat(peer.received).doesNotContain(routine.controlId()); // the urgent one blocks: order kept
            await().atMost(Duration.ofSeconds(10)).until(() -> db.inTransaction(c -> {
                try (var ps = c.prepareStatement("SELECT alerted FROM hl7_outbox WHERE id = ?")) {
                    ps.setLong(1, urgent.id());
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getBoolean(1);
                    }
                }
            }));
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void restart_everyReportDeliveredUnderOneControlId(String engine) throws Exception {
        peer = new ScriptedPeer(n -> "AA", 40);
        try (Database db = open(engine)) {
            Hl7Config config = config(peer.port());
            OutboxSender first = sender(db, config, Duration.ofMinutes(5));
            ReportService reports = reports(db, config, null);
            List<OutboxEntry> entries = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                entries.add(reports.submit("ACC-" + i, "F", "report " + i, i % 7 == 0, "House^Greg", null));
            }
            first.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> peer.received.size() >= 5);
            first.stop(Duration.ofSeconds(5));
            OutboxSender second = sender(db, config, Duration.ofMinutes(5));
            second.start();
            Outbox outbox = new Outbox(db);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> outbox.list(OutboxEntry.State.DELIVERED, 100).size() == entries.size());
            List<String> controlIds = entries.stream().map(OutboxEntry::controlId).toList();
            assertThat(new HashSet<>(controlIds)).hasSize(entries.size());
            assertThat(new HashSet<>(peer.received)).isEqualTo(new HashSet<>(controlIds));
            // a graceful stop lets the exchange in flight finish: nothing is sent twice
            assertThat(peer.received).hasSize(entries.size());
            assertThat(peer.received.stream().collect(Collectors.groupingBy(x -> x, Collectors.counting())).values())
                    .allMatch(n -> n == 1);
        }
    }
}
