package org.mip.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.json.DicomJson;
import org.mip.gateway.mwl.SpsStatus;
import org.mip.gateway.testing.Peers;

/** {@code /api/v1/worklist} and {@code mipgw worklist import} against a gateway running in this JVM. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorklistApiIT {
    @TempDir
    Path tmp;

    private RunningGateway gw;
    private Gateway gateway;
    private String base;

    private static final String ITEM = """
            {"00080005":{"vr":"CS","Value":["ISO_IR 192"]},
             "00080050":{"vr":"SH","Value":["ACC-1001"]},
             "00100010":{"vr":"PN","Value":[{"Alphabetic":"Brontë^Anne"}]},
             "00100020":{"vr":"LO","Value":["NHS-123"]},
             "00400100":{"vr":"SQ","Value":[{
                "00080060":{"vr":"CS","Value":["MR"]},
                "00400002":{"vr":"DA","Value":["20261126"]},
                "00400003":{"vr":"TM","Value":["093000"]},
                "00400009":{"vr":"SH","Value":["SPS-1"]}}]},
             "00401001":{"vr":"SH","Value":["RP-1"]}}
            """;

    @BeforeEach
    void start() throws Exception {
        gw = new RunningGateway(tmp, """
                mwl:
                  stations:
                    - {aet: MRI_MOBILE1, modality: MR, name: Mobile MRI}
                hl7:
                  referrers:
                    - {id: trust-a, facility: TRUST_A, host: 127.0.0.1, port: 6661}
                """, Map.of());
        gateway = gw.gateway;
        base = gw.base;
    }

    @AfterEach
    void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private HttpResponse<String> send(String method, String path, String type, byte[] body) throws Exception {
        return gw.send(method, path, type, body);
    }

    private HttpResponse<String> postJson(String json, String query) throws Exception {
        return gw.send("POST", "/api/v1/worklist" + query, "application/dicom+json", json);
    }

    @Test
    void post_createsThenUpdates_andTheItemIsListedWithItsStation() throws Exception {
        HttpResponse<String> created = postJson(ITEM, "?referrer=trust-a");
        assertThat(created.statusCode()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("/api/v1/worklist/\\d+");
        Attributes echoed = DicomJson.parse(created.body());
        assertThat(echoed.getString(Tag.PatientName)).isEqualTo("Brontë^Anne");
        assertThat(echoed.getNestedDataset(Tag.ScheduledProcedureStepSequence).getString(Tag.ScheduledStationAETitle))
                .as("station from mwl.stations by modality").isEqualTo("MRI_MOBILE1");
        assertThat(echoed.getString(Tag.StudyInstanceUID)).as("generated").startsWith("2.25.");

        HttpResponse<String> updated = postJson(ITEM.replace("Brontë^Anne", "Brontë^Charlotte"), "");
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(updated.headers().firstValue("Location")).contains(location);

        List<Attributes> listed = DicomJson.parseArray(
                send("GET", "/api/v1/worklist?date=20261126&modality=MR&station=MRI_MOBILE1&status=SCHEDULED", null, null).body());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).getString(Tag.PatientName)).isEqualTo("Brontë^Charlotte");
        assertThat(DicomJson.parseArray(send("GET", "/api/v1/worklist?modality=US", null, null).body())).isEmpty();
        assertThat(gateway.worklist().bookings().byAccessionNumber("ACC-1001").get(0).referrerId()).isEqualTo("trust-a");
    }

    @Test
    void delete_discontinuesTheItem() throws Exception {
        String location = postJson(ITEM, "").headers().firstValue("Location").orElseThrow();
        assertThat(send("DELETE", location, null, null).statusCode()).isEqualTo(204);
        assertThat(DicomJson.parse(send("GET", location, null, null).body())
                .getNestedDataset(Tag.ScheduledProcedureStepSequence).getString(Tag.ScheduledProcedureStepStatus))
                .isEqualTo(SpsStatus.DISCONTINUED.name());
        assertThat(DicomJson.parseArray(send("GET", "/api/v1/worklist?status=SCHEDULED", null, null).body())).isEmpty();
        assertThat(send("DELETE", "/api/v1/worklist/424242", null, null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/v1/worklist/abc", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void badInput_isRefusedNamingTheProblem() throws Exception {
        HttpResponse<String> noSps = postJson("{\"00100020\":{\"vr\":\"LO\",\"Value\":[\"P1\"]}}", "");
        assertThat(noSps.statusCode()).isEqualTo(400);
        assertThat(noSps.body()).contains("Scheduled Procedure Step Sequence").contains("\"tag\":\"(0040,0100)\"");
        HttpResponse<String> noModality = postJson(ITEM.replace("\"00080060\":{\"vr\":\"CS\",\"Value\":[\"MR\"]},", ""), "");
        assertThat(noModality.statusCode()).isEqualTo(400);
        assertThat(noModality.body()).contains("(0008,0060)");
        assertThat(postJson("{not json", "").statusCode()).isEqualTo(400);
        assertThat(postJson(ITEM, "?referrer=nobody").body()).contains("unknown referrer 'nobody'");
        assertThat(send("POST", "/api/v1/worklist", "text/plain", "x".getBytes()).statusCode()).isEqualTo(415);
        assertThat(send("POST", "/api/v1/worklist", "application/dicom", "not dicom at all".getBytes()).statusCode())
                .isEqualTo(400);
        assertThat(send("GET", "/api/v1/worklist?date=2026-11-26", null, null).statusCode()).isEqualTo(400);
        assertThat(DicomJson.parseArray(send("GET", "/api/v1/worklist", null, null).body())).isEmpty();
    }

    @Test
    void worklistImport_postsAWlmscpfsFolderAsPart10() throws Exception {
        Path dump2dcm = Peers.require("dump2dcm", "dcmtk");
        Path examples = Path.of("/usr/share/doc/dcmtk/examples/wlistdb/OFFIS");
        if (!Files.isDirectory(examples)) {
            Peers.missing("DCMTK example worklist " + examples, "dcmtk");
        }
        Path wl = Files.createDirectories(tmp.resolve("wlistdb/OFFIS"));
        try (var s = Files.list(examples)) {
            for (Path dump : s.filter(p -> p.toString().endsWith(".dump")).toList()) {
                Process p = new ProcessBuilder(dump2dcm.toString(), dump.toString(),
                        wl.resolve(dump.getFileName().toString().replace(".dump", ".wl")).toString())
                        .redirectErrorStream(true).start();
                assertThat(p.waitFor()).isZero();
            }
        }
        Files.writeString(wl.resolve("lockfile"), "");
        Cli cli = new Cli();
        int code = cli.run("worklist", "import", "--url", base, tmp.resolve("wlistdb").toString());
        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out()).contains("10 files: 10 created, 0 updated, 0 failed");
        assertThat(cli.run("worklist", "import", "--url", base, wl.resolve("wklist1.wl").toString())).isZero();
        assertThat(cli.out()).contains("1 files: 0 created, 1 updated, 0 failed");
        Path junk = Files.writeString(tmp.resolve("junk.wl"), "junk");
        assertThat(cli.run("worklist", "import", "--url", base, junk.toString())).isEqualTo(1);
        assertThat(cli.err()).contains("FAILED  " + junk + ": HTTP 400");
    }

}
