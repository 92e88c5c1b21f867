package org.mip.gateway.hl7.order;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.HapiContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mip.gateway.config.MwlConfig;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.hl7.ControlIds;
import org.mip.gateway.hl7.Hl7Contexts;
import org.mip.gateway.hl7.Hl7Receiver;
import org.mip.gateway.hl7.Messages;
import org.mip.gateway.hl7.mllp.MllpClient;

/** Every row of the CONTRACT.md mapping table, through the receiver (bytes in, ACK out). */
class OrderMappingTest {
    private final HapiContext ctx = Hl7Contexts.newContext(new ControlIds());
    private final FakeBooking booking = new FakeBooking();
    private final MwlConfig mwl = new MwlConfig(List.of(new MwlConfig.Station("MR_ROOM1", "MR", "MR 1")));

    private Hl7Receiver receiver() {
        OrderMapper mapper = new OrderMapper(mwl);
        return new Hl7Receiver(ctx, List.of(), Set.of("P"), new ControlIds(),
                Clock.fixed(Instant.parse("2026-11-26T08:00:00Z"), ZoneOffset.UTC), null)
                .register("ORM", "O01", new OrderApplication(mapper, booking))
                .register("OMI", "O23", new OrderApplication(mapper, booking));
    }

    @AfterEach
    void close() throws Exception {
        ctx.close();
    }

    private MllpClient.Ack send(String message, java.nio.charset.Charset cs) {
        return MllpClient.parseAck(receiver().receive(message.getBytes(cs), "test"));
    }

    @Test
    void ormV24_latin1_mapsEveryRowOfTheTable() {
        MllpClient.Ack ack = send(Messages.ormV24("C1", "NW", "ACC-1", "Müller-Lüdenscheidt^Hans", "8859/1"),
                StandardCharsets.ISO_8859_1);
        assertThat(ack.code()).isEqualTo("AA");
        assertThat(ack.controlId()).isEqualTo("C1");
        assertThat(booking.booked).hasSize(1);
        OrderRequest o = booking.booked.get(0);
        assertThat(o.action()).isEqualTo(OrderAction.NEW);
        assertThat(o.sendingFacility()).isEqualTo("HOSP_A");
        Attributes a = o.item();
        assertThat(a.getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 100");
        assertThat(a.getString(Tag.PatientID)).isEqualTo("PAT001");
        assertThat(a.getString(Tag.IssuerOfPatientID)).isEqualTo("HOSP_A");
        assertThat(a.getString(Tag.PatientName)).isEqualTo("Müller-Lüdenscheidt^Hans^Dr^^Jr");
        assertThat(a.getString(Tag.PatientBirthDate)).isEqualTo("19700102");
        assertThat(a.getString(Tag.PatientSex)).isEqualTo("F");
        assertThat(a.getString(Tag.ReferringPhysicianName)).isEqualTo("Referrer^Rita^M^Prof^III");
        Attributes referrerCode = a.getNestedDataset(Tag.ReferringPhysicianIdentificationSequence)
                .getNestedDataset(Tag.PersonIdentificationCodeSequence);
        assertThat(referrerCode.getString(Tag.CodeValue)).isEqualTo("REF1"); // PV1-8.1
        assertThat(referrerCode.getString(Tag.CodingSchemeDesignator)).isEqualTo("NHS_GMC"); // PV1-8.9
        assertThat(referrerCode.getString(Tag.CodeMeaning)).isEqualTo("Referrer^Rita^M^Prof^III");
        assertThat(a.getString(Tag.AdmissionID)).isEqualTo("V0001"); // PV1-19.1
        assertThat(a.getString(Tag.PlacerOrderNumberImagingServiceRequest)).isEqualTo("PLC-1");
        assertThat(a.getString(Tag.FillerOrderNumberImagingServiceRequest)).isEqualTo("FIL-1");
        assertThat(a.getString(Tag.AccessionNumber)).isEqualTo("ACC-1");
        assertThat(a.getString(Tag.RequestedProcedureID)).isEqualTo("RP-1");
        assertThat(a.getString(Tag.StudyInstanceUID)).isEqualTo("1.2.826.0.1.3680043.2.1143.1");
        assertThat(a.getString(Tag.RequestedProcedureDescription)).isEqualTo("MR Knee left");
        Attributes code = a.getSequence(Tag.RequestedProcedureCodeSequence).get(0);
        assertThat(code.getString(Tag.CodeValue)).isEqualTo("MRKNEE");
        assertThat(code.getString(Tag.CodingSchemeDesignator)).isEqualTo("LOCAL");
        assertThat(code.getString(Tag.CodeMeaning)).isEqualTo("MR Knee left");
        assertThat(a.getString(Tag.RequestedProcedurePriority)).isEqualTo("STAT");
        Attributes sps = a.getSequence(Tag.ScheduledProcedureStepSequence).get(0);
        assertThat(sps.getString(Tag.ScheduledProcedureStepID)).isEqualTo("SPS-1");
        assertThat(sps.getString(Tag.Modality)).isEqualTo("MR");
        assertThat(sps.getString(Tag.ScheduledStationAETitle)).isEqualTo("MR_ROOM1"); // from mwl.stations
        assertThat(sps.getString(Tag.ScheduledProcedureStepStartDate)).isEqualTo("20261127");
        assertThat(sps.getString(Tag.ScheduledProcedureStepStartTime)).isEqualTo("093000");
        assertThat(sps.getString(Tag.ScheduledProcedureStepDescription)).isEqualTo("MR Knee left");
        assertThat(sps.getString(Tag.ScheduledPerformingPhysicianName)).isEqualTo("Tech^Tina");
    }

    @Test
    void omiV251_withIpc_utf8_mapsEveryRowOfTheTable() {
        MllpClient.Ack ack = send(Messages.omiV251("C2", "ACC-2", "Ødegård^Åse"), StandardCharsets.UTF_8);
        assertThat(ack.code()).isEqualTo("AA");
        Attributes a = booking.booked.get(0).item();
        assertThat(a.getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 192");
        assertThat(a.getString(Tag.PatientName)).isEqualTo("Ødegård^Åse");
        assertThat(a.getString(Tag.PatientSex)).isEqualTo("M");
        assertThat(a.getString(Tag.AccessionNumber)).isEqualTo("ACC-2");
        assertThat(a.getString(Tag.RequestedProcedureID)).isEqualTo("RP-2");
        assertThat(a.getString(Tag.StudyInstanceUID)).isEqualTo("1.2.826.0.1.3680043.2.1143.2");
        assertThat(a.getString(Tag.RequestedProcedurePriority)).isEqualTo("HIGH");
        assertThat(a.getString(Tag.ReferringPhysicianName)).isEqualTo("Doctor^Dan");
        Attributes referrerCode = a.getNestedDataset(Tag.ReferringPhysicianIdentificationSequence)
                .getNestedDataset(Tag.PersonIdentificationCodeSequence);
        assertThat(referrerCode.getString(Tag.CodeValue)).isEqualTo("REF2");
        assertThat(referrerCode.getString(Tag.CodingSchemeDesignator)).isEqualTo("L"); // no PV1-8.9: local
        assertThat(a.contains(Tag.AdmissionID)).isFalse();
        Attributes sps = a.getSequence(Tag.ScheduledProcedureStepSequence).get(0);
        assertThat(sps.getString(Tag.ScheduledProcedureStepID)).isEqualTo("SPS-2");
        assertThat(sps.getString(Tag.Modality)).isEqualTo("CT");
        assertThat(sps.getString(Tag.ScheduledStationAETitle)).isEqualTo("CT_ROOM1"); // IPC-9
        assertThat(sps.getString(Tag.ScheduledProcedureStepStartDate)).isEqualTo("20261128");
        assertThat(sps.getString(Tag.ScheduledProcedureStepStartTime)).isEqualTo("140000");
        assertThat(sps.getString(Tag.ScheduledPerformingPhysicianName)).isEqualTo("Scanner^Sam");
        assertThat(a.getString(Tag.RequestedProcedureDescription)).isEqualTo("CT Head");
    }

    @Test
    void missingStudyUid_isDerivedStablyFromFacilityAndAccession() {
        String msg = Messages.ormV24("C3", "NW", "ACC-3", "Doe^John", "").replaceAll("ZDS[^\r]*\r", "");
        assertThat(send(msg, StandardCharsets.US_ASCII).code()).isEqualTo("AA");
        assertThat(send(msg.replace("|C3|", "|C4|"), StandardCharsets.US_ASCII).code()).isEqualTo("AA");
        String uid = booking.booked.get(0).item().getString(Tag.StudyInstanceUID);
        assertThat(uid).startsWith("2.25.").isEqualTo(booking.booked.get(1).item().getString(Tag.StudyInstanceUID));
        assertThat(booking.booked.get(0).item().contains(Tag.SpecificCharacterSet)).isFalse();
    }

    @Test
    void priorities_mapAsTheTableSays() {
        assertThat(OrderMapper.priority("S")).isEqualTo("STAT");
        assertThat(OrderMapper.priority("A")).isEqualTo("HIGH");
        assertThat(OrderMapper.priority("P")).isEqualTo("HIGH");
        assertThat(OrderMapper.priority("C")).isEqualTo("HIGH");
        assertThat(OrderMapper.priority("R")).isEqualTo("ROUTINE");
        assertThat(OrderMapper.priority("")).isEmpty();
    }

    @Test
    void orderControl_cancelDiscontinueAndStatusChange() {
        send(Messages.ormV24("C5", "CA", "ACC-5", "Doe^John", ""), StandardCharsets.US_ASCII);
        send(Messages.ormV24("C6", "DC", "ACC-6", "Doe^John", ""), StandardCharsets.US_ASCII);
        String sc = Messages.ormV24("C7", "SC", "ACC-7", "Doe^John", "").replace("|SC||^^^", "|CA||^^^");
        send(sc, StandardCharsets.US_ASCII);
        assertThat(booking.cancelled).containsExactly("ACC-5/SPS-1/CA", "ACC-6/SPS-1/DC", "ACC-7/SPS-1/CA");
        assertThat(send(Messages.ormV24("C8", "XO", "ACC-8", "Doe^John", ""), StandardCharsets.US_ASCII).code()).isEqualTo("AA");
        assertThat(booking.booked.get(0).action()).isEqualTo(OrderAction.UPDATE);
    }

    @Test
    void ormV24_pv1OfTheOrder_isThePv1OfItsReport() throws Exception {
        assertThat(send(Messages.ormV24("C9", "NW", "ACC-9", "Doe^John", ""), StandardCharsets.US_ASCII).code())
                .isEqualTo("AA");
        org.mip.gateway.hl7.report.OruBuilder oru = new org.mip.gateway.hl7.report.OruBuilder(ctx, ZoneOffset.UTC);
        for (String version : List.of("2.3", "2.3.1", "2.4", "2.5", "2.5.1")) {
            String text = oru.build(new org.mip.gateway.hl7.report.OrderSummary(booking.booked.get(0).item(), "REF_A"),
                    version, "REF_A", "HOSP_A", "CTRL1", new org.mip.gateway.hl7.report.OruBuilder.Report("F", "ok", false,
                            "House^Greg"), Instant.parse("2026-11-26T10:00:00Z"));
            // order: PV1|1|O||||||REF1^Referrer^Rita^M^III^Prof^^^NHS_GMC||||||||||||V0001^^^HOSP_A
            assertThat(segment(text, "PV1")).as(version)
                    .isEqualTo("PV1|1|U||||||REF1^Referrer^Rita^M^III^Prof^^^NHS_GMC|||||||||||V0001");
        }
    }

    private static String segment(String message, String name) {
        for (String s : message.split("\r")) {
            if (s.startsWith(name + "|")) {
                return s;
            }
        }
        return null;
    }

    @Test
    void adtA08AndA40_carryDemographicsAndThePriorPatient() {
        Hl7Receiver r = receiver().register("ADT", "A08", new AdtApplication(new OrderMapper(mwl), booking))
                .register("ADT", "A40", new AdtApplication(new OrderMapper(mwl), booking));
        String a08 = "MSH|^~\\&|PAS|HOSP_A|MIPGW|MIPGW|20261126080000||ADT^A08|A1|P|2.4\rEVN|A08\r"
                + Messages.seg("PID", 1, "1", 3, "PAT001^^^HOSP_A", 5, "Smith^Anne", 7, "19700102", 8, "F") + "\rPV1|1|O\r";
        assertThat(MllpClient.parseAck(r.receive(a08.getBytes(StandardCharsets.US_ASCII), "t")).code()).isEqualTo("AA");
        String a40 = "MSH|^~\\&|PAS|HOSP_A|MIPGW|MIPGW|20261126080000||ADT^A40|A2|P|2.4\rEVN|A40\r"
                + Messages.seg("PID", 1, "1", 3, "PAT009^^^HOSP_A", 5, "Smith^Anne") + "\rMRG|PAT001^^^HOSP_A\r";
        assertThat(MllpClient.parseAck(r.receive(a40.getBytes(StandardCharsets.US_ASCII), "t")).code()).isEqualTo("AA");
        assertThat(booking.patients).hasSize(1); // A08: one updatePatient call
        assertThat(booking.patients.get(0).isMerge()).isFalse();
        assertThat(booking.patients.get(0).patient().getString(Tag.PatientName)).isEqualTo("Smith^Anne");
        assertThat(booking.merges).hasSize(1); // A40: one mergePatient call
        assertThat(booking.merges.get(0).priorPatientId()).isEqualTo("PAT001");
        assertThat(booking.merges.get(0).priorIssuer()).isEqualTo("HOSP_A");
        assertThat(booking.merges.get(0).patient().getString(Tag.PatientID)).isEqualTo("PAT009");
    }
}
