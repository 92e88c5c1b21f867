package org.mip.gateway.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.HapiContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mip.gateway.audit.AuditLog;
import org.mip.gateway.config.DbConfig;
import org.mip.gateway.config.Hl7Config;
import org.mip.gateway.config.MwlConfig;
import org.mip.gateway.config.TlsConfig;
import org.mip.gateway.db.Database;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.hl7.mllp.MllpFrameEncoder;
import org.mip.gateway.hl7.mllp.MllpServer;
import org.mip.gateway.hl7.order.AdtApplication;
import org.mip.gateway.hl7.order.MwlWorklistBooking;
import org.mip.gateway.hl7.order.OrderApplication;
import org.mip.gateway.hl7.order.OrderMapper;
import org.mip.gateway.mwl.Booking;
import org.mip.gateway.mwl.BookingService;
import org.mip.gateway.mwl.SpsStatus;
import org.mip.gateway.testing.Peers;
import org.mip.gateway.testing.TestDatabases;

/** python3-hl7's mllp_send sends orders to the MllpServer wired to a real database and the booking service. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class Hl7InboundIT {
    @TempDir
    Path tmp;

    private DbConfig pg;
    private MllpServer server;
    private HapiContext ctx;

    static Stream<String> engines() {
        return Stream.of("h2", "postgresql");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) {
            server.stop(Duration.ofSeconds(5));
        }
        if (ctx != null) {
            ctx.close();
        }
        if (pg != null) {
            TestDatabases.dropPostgres(pg);
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void mllpSend_ordersAreBookedAfterAa_malformedGetsAeAndChangesNothing_cancelRemoves(String engine) throws Exception {
        Path mllpSend = Peers.require("mllp_send", "python3-hl7");
        DbConfig cfg = engine.equals("h2") ? TestDatabases.h2(tmp) : (pg = TestDatabases.postgres());
        try (Database db = Database.open(cfg)) {
            db.migrate("core");
            db.migrate("mwl");
            db.migrate("hl7");
            MwlConfig mwl = new MwlConfig(List.of(new MwlConfig.Station("MR_ROOM1", "MR", "MR 1")));
            Hl7Config hl7 = new Hl7Config("127.0.0.1", 0, TlsConfig.OFF, List.of(),
                    List.of(new Hl7Config.Referrer("REF_A", "HOSP_A", "127.0.0.1", 1, "2.4")));
            BookingService bookings = new BookingService(db, mwl, new AuditLog(db, Clock.systemUTC()), Clock.systemUTC());
            MwlWorklistBooking booking = new MwlWorklistBooking(bookings, hl7);
            ControlIds ids = new ControlIds();
            ctx = Hl7Contexts.newContext(ids);
            OrderMapper mapper = new OrderMapper(mwl);
            Hl7Receiver receiver = new Hl7Receiver(ctx, hl7.allowedSenders(), Set.of("P"), ids, Clock.systemUTC(),
                    new AuditLog(db, Clock.systemUTC()))
                    .register("ORM", "O01", new OrderApplication(mapper, booking))
                    .register("OMI", "O23", new OrderApplication(mapper, booking))
                    .register("ADT", "A08", new AdtApplication(mapper, booking))
                    .register("ADT", "A40", new AdtApplication(mapper, booking));
            server = new MllpServer(hl7, receiver::receive);
            server.start();

            ByteArrayOutputStream file = new ByteArrayOutputStream();
            file.writeBytes(MllpFrameEncoder.frame(Messages.ormV24("M1", "NW", "ACC-IT-1", "Müller^Jürgen", "8859/1")
                    .getBytes(StandardCharsets.ISO_8859_1)));
            file.writeBytes(MllpFrameEncoder.frame(Messages.omiV251("M2", "ACC-IT-2", "Ødegård^Åse").getBytes(StandardCharsets.UTF_8)));
            file.writeBytes(MllpFrameEncoder.frame(Messages.ormV24("M3", "NW", "ACC-IT-3", "Doe^John", "")
                    .replace("PAT001^^^HOSP_A^MR", "").getBytes(StandardCharsets.US_ASCII)));
            Path in = tmp.resolve("orders.hl7");
            Files.write(in, file.toByteArray());
            String out = run(mllpSend, in);
            assertThat(out).contains("MSA|AA|M1").contains("MSA|AA|M2").contains("MSA|AE|M3").contains("PID-3");

            Booking b1 = bookings.byAccessionNumber("ACC-IT-1").get(0);
            Attributes item = b1.item();
            assertThat(item.getString(Tag.PatientName)).isEqualTo("Müller^Jürgen^Dr^^Jr");
            assertThat(item.getString(Tag.PatientID)).isEqualTo("PAT001");
            assertThat(b1.referrerId()).isEqualTo("REF_A");
            assertThat(b1.status()).isEqualTo(SpsStatus.SCHEDULED);
            Attributes sps = item.getSequence(Tag.ScheduledProcedureStepSequence).get(0);
            assertThat(sps.getString(Tag.ScheduledStationAETitle)).isEqualTo("MR_ROOM1");
            assertThat(sps.getString(Tag.ScheduledProcedureStepStartDate)).isEqualTo("20261127");
            Booking b2 = bookings.byAccessionNumber("ACC-IT-2").get(0);
            assertThat(b2.item().getString(Tag.PatientName)).isEqualTo("Ødegård^Åse");
            assertThat(b2.spsId()).isEqualTo("SPS-2");
            assertThat(bookings.byAccessionNumber("ACC-IT-3")).isEmpty();

            // cancel, and a demographics update
            ByteArrayOutputStream second = new ByteArrayOutputStream();
            second.writeBytes(MllpFrameEncoder.frame(Messages.ormV24("M4", "CA", "ACC-IT-1", "Müller^Jürgen", "8859/1")
                    .getBytes(StandardCharsets.ISO_8859_1)));
            second.writeBytes(MllpFrameEncoder.frame(("MSH|^~\\&|PAS|HOSP_B|MIPGW|MIPGW|20261126080000||ADT^A08|M5|P|2.5.1|||||"
                    + "|UNICODE UTF-8\rEVN|A08\r" + Messages.seg("PID", 1, "1", 3, "PAT002^^^HOSP_B", 5, "Ødegård-Berg^Åse",
                            7, "19800304", 8, "F") + "\rPV1|1|O\r").getBytes(StandardCharsets.UTF_8)));
            second.writeBytes(MllpFrameEncoder.frame(("MSH|^~\\&|PAS|HOSP_B|MIPGW|MIPGW|20261126081000||ADT^A40|M6|P|2.5.1|||||"
                    + "|UNICODE UTF-8\rEVN|A40\r" + Messages.seg("PID", 1, "1", 3, "PAT777^^^HOSP_B", 5, "Berg^Åse",
                            7, "19800304", 8, "F") + "\rMRG|PAT002^^^HOSP_B\r").getBytes(StandardCharsets.UTF_8)));
            Path in2 = tmp.resolve("cancel.hl7");
            Files.write(in2, second.toByteArray());
            String out2 = run(mllpSend, in2);
            assertThat(out2).contains("MSA|AA|M4").contains("MSA|AA|M5").contains("MSA|AA|M6");
            assertThat(bookings.byAccessionNumber("ACC-IT-1").get(0).status()).isEqualTo(SpsStatus.DISCONTINUED);
            // A08 changed the demographics, then A40 moved the item to the surviving patient PAT777
            Booking merged = bookings.byAccessionNumber("ACC-IT-2").get(0);
            assertThat(merged.item().getString(Tag.PatientID)).isEqualTo("PAT777");
            assertThat(merged.item().getString(Tag.IssuerOfPatientID)).isEqualTo("HOSP_B");
            assertThat(merged.item().getString(Tag.PatientName)).isEqualTo("Berg^Åse");
            assertThat(merged.item().getString(Tag.PatientSex)).isEqualTo("F");
            assertThat(audit(db, "ACC-IT-2")).contains("patient demographics updated").contains("patient merged from prior "
                    + "patient PAT002");
        }
    }

    /** The audit details about the bookings of one accession number, oldest first. */
    private static String audit(Database db, String accession) {
        return db.inTransaction(c -> {
            StringBuilder sb = new StringBuilder();
            try (var ps = c.prepareStatement("SELECT detail FROM audit_event WHERE detail LIKE ? ORDER BY id")) {
                ps.setString(1, "%accession=" + accession + " %");
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sb.append(rs.getString(1)).append('\n');
                    }
                }
            }
            return sb.toString();
        });
    }

    private String run(Path mllpSend, Path file) throws Exception {
        Process p = new ProcessBuilder(mllpSend.toString(), "--port", String.valueOf(server.port()), "--file", file.toString(),
                "127.0.0.1").redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String s = new String(out, StandardCharsets.ISO_8859_1);
        assertThat(p.exitValue()).as(s).isZero();
        return s;
    }
}
