package org.mip.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mip.gateway.testing.FreePorts;

/**
 * A day replayed against one gateway whose syslog collector is down: orders over MLLP, the scanner's worklist
 * queries (DCMTK {@code findscu -W}), its images ({@code mipgw store}), an API worklist query, an API booking,
 * an API delete, a report and its delivery, a C-ECHO. Every event is in the database trail with its actor
 * and patient, and {@code GET /api/v1/audit} filters them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AuditDayIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aDay_everyEventWithItsActorAndPatient_evenWithSyslogDown() throws Exception {
        int syslogPort = FreePorts.next(); // nobody listens: the collector is down all day
        try (ScriptedReferrer referrer = new ScriptedReferrer();
                RunningGateway gw = new RunningGateway(tmp, """
                        hl7:
                          referrers:
                            - {id: trust-a, facility: TRUST_A, host: 127.0.0.1, port: %d, version: "2.4"}
                        mwl:
                          stations:
                            - {aet: MRI1, modality: MR, name: Mobile MRI}
                        audit:
                          syslog: {host: 127.0.0.1, port: %d, protocol: tcp}
                        """.formatted(referrer.port(), syslogPort), Map.of())) {
            assertThat(ScriptedReferrer.send(gw.hl7Port, ScriptedReferrer.order("D1", "NHS100", "Able^Ann", "ACC100")))
                    .contains("MSA|AA|D1");
            assertThat(ScriptedReferrer.send(gw.hl7Port, ScriptedReferrer.order("D2", "NHS200", "Baker^Bob", "ACC200")))
                    .contains("MSA|AA|D2");
            // the scanner: its worklist, one patient's item, then the images of ACC100
            assertThat(Modality.findscu(tmp.resolve("find"), gw.dicomPort, "MRI1", "AccessionNumber", "PatientID",
                    "ScheduledProcedureStepSequence[0].ScheduledStationAETitle=MRI1")).hasSize(2);
            assertThat(Modality.findscu(tmp.resolve("find"), gw.dicomPort, "MRI1", "PatientID=NHS200",
                    "AccessionNumber")).hasSize(1);
            Modality.mipgwStore(gw.dicomPort, "MRI1", Modality.image(tmp.resolve("images"), "ACC100", "NHS100",
                    "Able^Ann", java.time.LocalDate.now()));
            assertThat(gw.send("GET", "/api/v1/worklist?modality=MR", null, (String) null).statusCode()).isEqualTo(200);
            var booked = gw.send("POST", "/api/v1/worklist", "application/dicom+json", """
                    {"00100010":{"vr":"PN","Value":[{"Alphabetic":"Cole^Cat"}]},"00100020":{"vr":"LO","Value":["NHS300"]},
                     "00080050":{"vr":"SH","Value":["ACC300"]},"00401001":{"vr":"SH","Value":["RP300"]},
                     "00400100":{"vr":"SQ","Value":[{"00080060":{"vr":"CS","Value":["MR"]},"00400009":{"vr":"SH","Value":["SPS300"]},
                       "00400002":{"vr":"DA","Value":["20261126"]},"00400001":{"vr":"AE","Value":["MRI2"]}}]}}""");
            assertThat(booked.statusCode()).as(booked.body()).isEqualTo(201);
            String location = booked.headers().firstValue("Location").orElseThrow();
            assertThat(gw.send("GET", "/api/v1/worklist?station=MRI2&modality=MR", null, (String) null)
                    .statusCode()).isEqualTo(200); // answers NHS300 only
            assertThat(gw.send("DELETE", location, null, (String) null).statusCode()).isEqualTo(204);
            assertThat(gw.send("POST", "/api/v1/reports", "application/json",
                    "{\"accessionNumber\":\"ACC100\",\"status\":\"F\",\"text\":\"Normal.\"}").statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> referrer.received.size() == 1);
            Cli echo = new Cli();
            assertThat(echo.run("echo", "MIPGW@127.0.0.1:" + gw.dicomPort)).as(echo.err()).isZero();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                List<JsonNode> events = events(gw, "");
                assertThat(find(events, "MWL_BOOKING_CREATED", "HL7 TRUST_A", "NHS100")).isNotNull();
                assertThat(find(events, "MWL_BOOKING_CREATED", "HL7 TRUST_A", "NHS200")).isNotNull();
                assertThat(find(events, "HL7_MESSAGE", "TRUST_A", null)).isNotNull();
                assertThat(events).filteredOn(e -> e.get("action").asText().equals("MWL_QUERY"))
                        .anySatisfy(e -> assertThat(e.get("detail").asText()).contains("NHS100", "NHS200"));
                assertThat(find(events, "MWL_QUERY", "http:", "NHS300")).isNotNull();
                assertThat(find(events, "MWL_BOOKING_CREATED", "http:", "NHS300")).isNotNull();
                assertThat(find(events, "MWL_BOOKING_CANCELLED", "http:", "NHS300")).isNotNull();
                JsonNode report = find(events, "REPORT_SUBMITTED", "http:", "NHS100");
                assertThat(report.get("eventId").get("code").asText()).isEqualTo("110111");
                JsonNode delivered = find(events, "REPORT_DELIVERED", "trust-a", "NHS100");
                assertThat(delivered.get("eventId").get("meaning").asText()).isEqualTo("Export");
                assertThat(delivered.get("outcome").asText()).isEqualTo("SUCCESS");
                assertThat(find(events, "DICOM_ASSOCIATION", "MIPGW_SCU", null)).isNotNull();
                // DICOM worklist queries (PS3.15 A.5.3.10): the station's list names both patients, the
                // query for one patient is about that patient
                JsonNode stationList = events.stream().filter(e -> e.get("action").asText().equals("MWL_QUERY")
                        && e.get("actor").asText().equals("MRI1")
                        && e.get("detail").asText().contains("ScheduledStationAETitle=MRI1")).findFirst().orElseThrow();
                assertThat(stationList.get("detail").asText()).contains("2 match(es)", "patients NHS100,NHS200");
                assertThat(stationList.path("patientId").isMissingNode() || stationList.get("patientId").isNull())
                        .as("a list of two patients is about neither alone").isTrue();
                assertThat(stationList.get("eventId").get("code").asText()).isEqualTo("110112");
                assertThat(find(events, "MWL_QUERY", "MRI1", "NHS200").get("detail").asText())
                        .contains("PatientID=NHS200", "1 match(es)");
                // the stored image (PS3.15 A.5.3.7): the scanner, the patient, the study of ACC100
                JsonNode stored = find(events, "DICOM_INSTANCES_STORED", "MRI1", "NHS100");
                assertThat(stored.get("outcome").asText()).isEqualTo("SUCCESS");
                assertThat(stored.get("eventId").get("meaning").asText()).isEqualTo("DICOM Instances Transferred");
                assertThat(stored.get("eventActionCode").asText()).isEqualTo("C");
                assertThat(stored.get("detail").asText()).contains("1 instance(s) of study", "accession ACC100",
                        "MR Image Storage x 1");
            });

            // filters
            List<JsonNode> ann = events(gw, "?patientId=NHS100");
            assertThat(ann).isNotEmpty().allSatisfy(e -> assertThat(e.get("patientId").asText()).isEqualTo("NHS100"));
            assertThat(ann).extracting(e -> e.get("action").asText())
                    .contains("MWL_BOOKING_CREATED", "DICOM_INSTANCES_STORED", "REPORT_SUBMITTED", "REPORT_DELIVERED");
            assertThat(events(gw, "?actor=MRI1")).extracting(e -> e.get("action").asText())
                    .contains("DICOM_ASSOCIATION", "MWL_QUERY", "DICOM_INSTANCES_STORED");
            assertThat(events(gw, "?action=MWL_BOOKING_CANCELLED")).singleElement()
                    .satisfies(e -> assertThat(e.get("eventActionCode").asText()).isEqualTo("D"));
            assertThat(events(gw, "?actor=trust-a&limit=1")).hasSize(1);
            assertThat(events(gw, "?from=2000-01-01&to=2000-01-02")).isEmpty();
            assertThat(gw.send("GET", "/api/v1/audit?from=yesterday", null, (String) null).statusCode()).isEqualTo(400);
            // reading the trail is itself audited (PS3.15 A.5.3.2 Audit Log Used)
            await().atMost(Duration.ofSeconds(5)).until(() -> !events(gw, "?action=AUDIT_LOG_USED").isEmpty());
        }
    }

    private static List<JsonNode> events(RunningGateway gw, String query) throws Exception {
        var r = gw.send("GET", "/api/v1/audit" + query, null, (String) null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(r.body()).forEach(out::add);
        return out;
    }

    /** The event with this action whose actor starts with {@code actor} and whose patient is {@code patient}. */
    private static JsonNode find(List<JsonNode> events, String action, String actor, String patient) {
        for (JsonNode e : events) {
            if (e.get("action").asText().equals(action) && e.get("actor").asText().startsWith(actor)
                    && (patient == null || patient.equals(e.get("patientId").asText(null)))) {
                return e;
            }
        }
        throw new AssertionError("no " + action + " by " + actor + " for " + patient + " in " + events);
    }
}
