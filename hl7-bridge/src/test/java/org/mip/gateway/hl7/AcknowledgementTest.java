package org.mip.gateway.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.HapiContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mip.gateway.config.MwlConfig;
import org.mip.gateway.hl7.order.FakeBooking;
import org.mip.gateway.hl7.order.OrderApplication;
import org.mip.gateway.hl7.order.OrderMapper;

/** Original-mode acknowledgement: AA, AE with ERR naming the field, AR for the header; MSA-2 = MSH-10. */
class AcknowledgementTest {
    private final HapiContext ctx = Hl7Contexts.newContext(new ControlIds());
    private final FakeBooking booking = new FakeBooking();

    private Hl7Receiver receiver(List<String> allowed) {
        OrderMapper mapper = new OrderMapper(new MwlConfig(List.of()));
        return new Hl7Receiver(ctx, allowed, Set.of("P"), new ControlIds(), Clock.systemUTC(), null)
                .register("ORM", "O01", new OrderApplication(mapper, booking))
                .register("OMI", "O23", new OrderApplication(mapper, booking));
    }

    @AfterEach
    void close() throws Exception {
        ctx.close();
    }

    private String ack(String message) {
        return ack(receiver(List.of()), message);
    }

    private static String ack(Hl7Receiver r, String message) {
        return new String(r.receive(message.getBytes(StandardCharsets.UTF_8), "test"), StandardCharsets.UTF_8);
    }

    private static String segment(String ack, String name) {
        for (String s : ack.split("\r")) {
            if (s.startsWith(name + "|")) {
                return s;
            }
        }
        return null;
    }

    @Test
    void aa_sameVersion_msa2IsTheInboundControlId_ownControlId() {
        String ack = ack(Messages.ormV24("CTRL-1", "NW", "A1", "Doe^John", ""));
        assertThat(segment(ack, "MSA")).isEqualTo("MSA|AA|CTRL-1");
        String[] msh = segment(ack, "MSH").split("\\|");
        assertThat(msh[11]).isEqualTo("2.4");
        assertThat(msh[9]).isNotEqualTo("CTRL-1").hasSize(20);
        assertThat(msh[4]).isEqualTo("RIS"); // MSH-5 = inbound MSH-3
        assertThat(booking.booked).hasSize(1);
    }

    @Test
    void ae_missingPatientId_v24_errNamesPid3() {
        String msg = Messages.ormV24("C2", "NW", "A2", "Doe^John", "").replace("PAT001^^^HOSP_A^MR", "");
        String ack = ack(msg);
        assertThat(segment(ack, "MSA")).startsWith("MSA|AE|C2");
        assertThat(segment(ack, "ERR")).startsWith("ERR|PID^^3^101&").contains("PID-3");
        assertThat(booking.booked).isEmpty();
    }

    @Test
    void ae_badBirthDate_v251_errNamesPid7InErr2AndErr3() {
        String msg = Messages.omiV251("C3", "A3", "Doe^John").replace("19800304", "19801399");
        String ack = ack(msg);
        assertThat(segment(ack, "MSA")).isEqualTo("MSA|AE|C3");
        assertThat(segment(ack, "ERR")).startsWith("ERR||PID^1^7|102^").contains("PID-7").endsWith("|E");
        assertThat(booking.booked).isEmpty();
    }

    @Test
    void ae_missingAccession_namesObr18OrIpc1() {
        assertThat(segment(ack(Messages.ormV24("C4", "NW", "", "Doe^John", "")), "ERR")).startsWith("ERR|OBR^^18^101&");
        assertThat(segment(ack(Messages.omiV251("C5", "", "Doe^John")), "ERR")).startsWith("ERR||IPC^1^1|101^");
    }

    @Test
    void ae_badStartTimeAndUnknownOrderControl() {
        assertThat(segment(ack(Messages.ormV24("C6", "NW", "A6", "D^J", "").replace("20261127093000", "2026-11-27")), "ERR"))
                .startsWith("ERR|ORC^^7^102&");
        assertThat(segment(ack(Messages.ormV24("C7", "ZZ", "A7", "D^J", "")), "ERR")).startsWith("ERR|ORC^^1^103&");
    }

    @Test
    void ar_unsupportedVersion_processingId_messageType_event_sender() {
        String v26 = Messages.ormV24("C8", "NW", "A8", "D^J", "").replace("|P|2.4|", "|P|2.6|");
        String ack = ack(v26);
        assertThat(segment(ack, "MSA")).startsWith("MSA|AR|C8");
        assertThat(segment(ack, "MSH").split("\\|")[11]).isEqualTo("2.6");
        assertThat(segment(ack, "ERR")).contains("203");

        String training = Messages.ormV24("C9", "NW", "A9", "D^J", "").replace("|P|2.4|", "|T|2.4|");
        assertThat(segment(ack(training), "MSA")).startsWith("MSA|AR|C9");
        assertThat(segment(ack(training), "ERR")).startsWith("ERR|MSH^^11^202&");

        String oru = Messages.ormV24("C10", "NW", "A10", "D^J", "").replace("ORM^O01", "ORU^R01");
        assertThat(segment(ack(oru), "ERR")).startsWith("ERR|MSH^^9^200&");
        String o02 = Messages.ormV24("C11", "NW", "A11", "D^J", "").replace("ORM^O01", "ORM^O02");
        assertThat(segment(ack(o02), "ERR")).startsWith("ERR|MSH^^9^201&");

        Hl7Receiver onlyB = receiver(List.of("HOSP_B"));
        String ackA = ack(onlyB, Messages.ormV24("C12", "NW", "A12", "D^J", ""));
        assertThat(segment(ackA, "MSA")).startsWith("MSA|AR|C12");
        assertThat(segment(ackA, "ERR")).startsWith("ERR|MSH^^4^");
        assertThat(segment(ack(onlyB, Messages.omiV251("C13", "A13", "D^J")), "MSA")).isEqualTo("MSA|AA|C13");
        assertThat(booking.booked).hasSize(1);
    }

    @Test
    void ar_whenTheWorklistFails_soTheSenderRetries() {
        booking.failWith = new IllegalStateException("database down");
        assertThat(segment(ack(Messages.ormV24("C14", "NW", "A14", "D^J", "")), "MSA")).startsWith("MSA|AR|C14");
        booking.failWith = null;
        booking.reject = "missing Modality";
        assertThat(segment(ack(Messages.ormV24("C15", "NW", "A15", "D^J", "")), "MSA")).startsWith("MSA|AE|C15");
    }

    @Test
    void unparseable_getsHandBuiltAck() {
        String noMsh = ack("PID|1||X\r");
        assertThat(segment(noMsh, "MSA")).isEqualTo("MSA|AR|");
        assertThat(segment(noMsh, "ERR")).startsWith("ERR||");
        String broken = "MSH|^~\\&|RIS|HOSP_A|MIPGW|MIPGW|20261126080000||ORM^O01|C16|P|2.4\rPID|1|";
        String ack = ack("MSH|^~\\&|RIS|HOSP_A|MIPGW|MIPGW|bad||ORM^O01|C16|P|2.4|\r\u0000\u0001garbage");
        assertThat(segment(ack, "MSA")).startsWith("MSA|A").contains("|C16");
        assertThat(ack(broken)).contains("MSA|A");
    }

    @Test
    void unknownCharset_ae103() {
        String msg = Messages.ormV24("C17", "NW", "A17", "D^J", "KLINGON");
        String ack = ack(msg);
        assertThat(segment(ack, "MSA")).startsWith("MSA|AE|C17");
        assertThat(segment(ack, "ERR")).startsWith("ERR|MSH^^18^103&");
    }

    @Test
    void handBuiltAck_layoutPerVersion() {
        RawMsh raw = RawMsh.scan("MSH|^~\\&|A|F|B|G|2026||ORM^O01|X1|P|2.5.1\r".getBytes(StandardCharsets.US_ASCII));
        String ack = Acks.build(raw, "AE", ca.uhn.hl7v2.ErrorCode.DATA_TYPE_ERROR, "PID-7", "bad", "OWN",
                java.time.ZonedDateTime.parse("2026-11-26T08:00:00Z"));
        assertThat(ack).contains("|ACK^O01^ACK|OWN|P|2.5.1\r").contains("MSA|AE|X1\r").contains("ERR||PID^1^7|102^");
    }
}
