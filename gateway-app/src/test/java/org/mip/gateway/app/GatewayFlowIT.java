package org.mip.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.json.DicomJson;

/** The wired gateway end to end: an HL7 order in, the worklist item, a report out to the referrer, C-ECHO. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GatewayFlowIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private RunningGateway gw;
    private ServerSocket referrer;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private Thread referrerThread;

    @BeforeEach
    void start() throws Exception {
        referrer = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        referrerThread = new Thread(this::serveReferrer, "scripted-referrer");
        referrerThread.setDaemon(true);
        referrerThread.start();
        gw = new RunningGateway(tmp, """
                hl7:
                  referrers:
                    - {id: trust-a, facility: TRUST_A, host: 127.0.0.1, port: %d, version: "2.4"}
                mwl:
                  stations:
                    - {aet: MRI1, modality: MR, name: Mobile MRI}
                """.formatted(referrer.getLocalPort()), Map.of());
    }

    @AfterEach
    void stop() throws IOException {
        if (gw != null) {
            gw.close();
        }
        referrer.close();
    }

    /** A referrer's HL7 engine: records each message and acknowledges it AA with MSA-2 = its MSH-10. */
    private void serveReferrer() {
        while (!referrer.isClosed()) {
            try (Socket s = referrer.accept()) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                String msg;
                while ((msg = readFrame(in)) != null) {
                    received.add(msg);
                    String controlId = msg.split("\r")[0].split("\\|")[9];
                    frame(out, "MSH|^~\\&|REF|TRUST_A|MIPGW|MIP|20261126||ACK^R01|A" + controlId + "|P|2.4\rMSA|AA|"
                            + controlId + "\r");
                }
            } catch (IOException e) {
                // closed at the end of the test
            }
        }
    }

    private static String readFrame(InputStream in) throws IOException {
        int b;
        while ((b = in.read()) != 0x0B) {
            if (b < 0) {
                return null;
            }
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        while ((b = in.read()) != 0x1C) {
            if (b < 0) {
                return null;
            }
            buf.write(b);
        }
        in.read(); // CR
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static void frame(OutputStream out, String msg) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.write(0x0B);
        buf.write(msg.getBytes(StandardCharsets.UTF_8));
        buf.write(0x1C);
        buf.write(0x0D);
        out.write(buf.toByteArray());
        out.flush();
    }

    private String sendOrder(String msg) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), gw.hl7Port)) {
            s.setSoTimeout(30_000);
            frame(s.getOutputStream(), msg);
            return readFrame(s.getInputStream());
        }
    }

    private static final String ORDER = "MSH|^~\\&|RIS|TRUST_A|MIPGW|MIP|20261126090000||ORM^O01|MSG0001|P|2.4|||||||UNICODE UTF-8\r"
            + "PID|1||NHS1234^^^TRUST_A||Ødegård^Åse||19700101|F\r"
            + "PV1|1|O|||||||REF^Doctor\r"
            + "ORC|NW|PL1001|FL1001||SC||^^^20261126100000^^R\r"
            + "OBR|1|PL1001|FL1001|MRHEAD^MRI Head||||||||||||||ACC9001|RP9001|SPS9001||||MR\r";

    @Test
    void hl7Order_becomesAWorklistItem_andItsReportReachesTheReferrer() throws Exception {
        String ack = sendOrder(ORDER);
        assertThat(ack).contains("MSA|AA|MSG0001");

        List<Attributes> items = DicomJson.parseArray(gw.send("GET", "/api/v1/worklist?modality=MR", null, (String) null).body());
        assertThat(items).hasSize(1);
        Attributes item = items.get(0);
        assertThat(item.getString(Tag.PatientName)).isEqualTo("Ødegård^Åse");
        assertThat(item.getString(Tag.AccessionNumber)).isEqualTo("ACC9001");
        assertThat(item.getNestedDataset(Tag.ScheduledProcedureStepSequence).getString(Tag.ScheduledStationAETitle))
                .isEqualTo("MRI1");

        var posted = gw.send("POST", "/api/v1/reports", "application/json",
                "{\"accessionNumber\":\"ACC9001\",\"status\":\"F\",\"text\":\"Small lesion.\\nFollow up.\","
                        + "\"urgent\":true,\"radiologist\":\"WHO^Doctor\"}");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        String controlId = JSON.readTree(posted.body()).get("controlId").asText();

        await().atMost(Duration.ofSeconds(30)).until(() -> !received.isEmpty());
        String oru = received.get(0);
        assertThat(oru).startsWith("MSH|").contains("|ORU^R01").contains("|" + controlId + "|");
        assertThat(segment(oru, "OBR")).contains("|ACC9001|");
        assertThat(segment(oru, "OBX")).contains("|AA|").contains("Small lesion.");
        assertThat(segment(oru, "PID")).contains("NHS1234");

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode outbox = JSON.readTree(gw.send("GET", "/api/v1/outbox?state=delivered", null, (String) null).body());
            return outbox.size() == 1 && outbox.get(0).get("controlId").asText().equals(controlId);
        });
    }

    @Test
    void hl7Order_isInDcmtkFindscuAnswerRightAfterItsAA() throws Exception {
        assertThat(sendOrder(ORDER)).contains("MSA|AA|MSG0001");
        Attributes rsp = findscuOne("ACC9001");
        assertThat(rsp.getString(Tag.PatientName)).isEqualTo("Ødegård^Åse");
        assertThat(rsp.getString(Tag.PatientID)).isEqualTo("NHS1234");
        assertThat(rsp.getNestedDataset(Tag.ScheduledProcedureStepSequence).getString(Tag.ScheduledStationAETitle))
                .isEqualTo("MRI1");
        assertThat(rsp.getNestedDataset(Tag.ScheduledProcedureStepSequence).getString(Tag.ScheduledProcedureStepID))
                .isEqualTo("SPS9001");
    }

    @Test
    void httpBooking_isInTheNextFindscuAnswer_andLeavesItWhenDeleted() throws Exception {
        var posted = gw.send("POST", "/api/v1/worklist", "application/dicom+json", """
                {"00080050":{"vr":"SH","Value":["WEB77"]},
                 "00100010":{"vr":"PN","Value":[{"Alphabetic":"Api^Anna"}]},
                 "00100020":{"vr":"LO","Value":["P77"]},
                 "00400100":{"vr":"SQ","Value":[{
                    "00080060":{"vr":"CS","Value":["MR"]},
                    "00400002":{"vr":"DA","Value":["20261126"]},
                    "00400009":{"vr":"SH","Value":["S77"]}}]}}
                """);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
        assertThat(findscuOne("WEB77").getString(Tag.PatientName)).isEqualTo("Api^Anna");
        assertThat(gw.send("DELETE", posted.headers().firstValue("Location").orElseThrow(), null, (String) null)
                .statusCode()).isEqualTo(204);
        assertThat(findscu("WEB77")).isEmpty();
    }

    private Attributes findscuOne(String accession) throws Exception {
        List<Attributes> all = findscu(accession);
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    /** DCMTK findscu -W for one accession number; every response data set it wrote. */
    private List<Attributes> findscu(String accession) throws Exception {
        java.nio.file.Path findscu = org.mip.gateway.testing.Peers.require("findscu", "dcmtk");
        java.nio.file.Path out = java.nio.file.Files.createTempDirectory(tmp, "find");
        ProcessBuilder pb = new ProcessBuilder(findscu.toString(), "-W", "-aec", "MIPGW", "-X", "-od", out.toString(),
                "-k", "(0010,0010)=", "-k", "(0010,0020)=", "-k", "(0008,0050)=" + accession,
                "-k", "(0040,0100)[0].(0008,0060)=MR", "-k", "(0040,0100)[0].(0040,0001)=",
                "-k", "(0040,0100)[0].(0040,0009)=", "127.0.0.1", String.valueOf(gw.dicomPort))
                .redirectErrorStream(true).redirectOutput(out.resolve("findscu.log").toFile());
        pb.environment().put("TCP_NODELAY", "1");
        assertThat(pb.start().waitFor()).as(java.nio.file.Files.readString(out.resolve("findscu.log"))).isZero();
        List<Attributes> responses = new java.util.ArrayList<>();
        try (var s = java.nio.file.Files.list(out)) {
            for (java.nio.file.Path f : s.filter(p -> !p.getFileName().toString().endsWith(".log")).sorted().toList()) {
                try (var in = org.mip.gateway.dicom.io.DicomInputStream.open(f)) {
                    responses.add(in.readFile().dataset());
                }
            }
        }
        return responses;
    }

    @Test
    void reports_badRequestsGet400_404_422() throws Exception {
        assertThat(sendOrder(ORDER.replace("TRUST_A|MIPGW", "ELSEWHERE|MIPGW"))).contains("MSA|AA|");
        assertThat(gw.send("POST", "/api/v1/reports", "application/json",
                "{\"accessionNumber\":\"NOPE\",\"status\":\"F\",\"text\":\"x\"}").statusCode()).isEqualTo(404);
        var noReferrer = gw.send("POST", "/api/v1/reports", "application/json",
                "{\"accessionNumber\":\"ACC9001\",\"status\":\"F\",\"text\":\"x\"}");
        assertThat(noReferrer.statusCode()).as(noReferrer.body()).isEqualTo(422);
        assertThat(gw.send("POST", "/api/v1/reports", "application/json",
                "{\"accessionNumber\":\"ACC9001\",\"status\":\"F\"}").body()).contains("missing \\\"text\\\"");
        assertThat(gw.send("POST", "/api/v1/reports", "application/json", "[1]").statusCode()).isEqualTo(400);
        assertThat(gw.send("GET", "/api/v1/outbox?state=lost", null, (String) null).statusCode()).isEqualTo(400);
        assertThat(received).isEmpty();
    }

    @Test
    void echoCommand_talksToTheDicomListener() {
        Cli cli = new Cli();
        assertThat(cli.run("echo", "MIPGW@127.0.0.1:" + gw.dicomPort, "-r", "2")).as(cli.err()).isZero();
        assertThat(cli.out()).contains("C-ECHO MIPGW@127.0.0.1:" + gw.dicomPort + ": 0000H Success").contains("2 echo(es)");
        Cli wrong = new Cli();
        assertThat(wrong.run("echo", "NOTUS@127.0.0.1:" + gw.dicomPort)).isEqualTo(1);
        assertThat(wrong.err()).contains("rejected the association").contains("CALLED_AE_TITLE_NOT_RECOGNIZED");
    }

    @Test
    void storedImages_areArchivedAndListedAsStudies() throws Exception {
        java.nio.file.Path ct = org.mip.gateway.testing.Peers.pydicomFile("test_files/CT_small.dcm");
        java.nio.file.Path mr = org.mip.gateway.testing.Peers.pydicomFile("test_files/MR_small.dcm");
        Cli cli = new Cli();
        assertThat(cli.run("store", "MIPGW@127.0.0.1:" + gw.dicomPort, ct.toString(), mr.toString()))
                .as(cli.err()).isZero();
        assertThat(cli.out()).contains("2  0000H Success");
        List<Attributes> studies = DicomJson.parseArray(
                gw.send("GET", "/api/v1/studies?patientId=1CT1", null, (String) null).body());
        assertThat(studies).hasSize(1);
        assertThat(studies.get(0).getInt(Tag.NumberOfStudyRelatedInstances, -1)).isEqualTo(1);
        assertThat(gw.send("GET", "/api/v1/studies?date=2004", null, (String) null).statusCode()).isEqualTo(400);
        try (var files = java.nio.file.Files.walk(gw.config.storage().archiveDir())) {
            assertThat(files.filter(f -> f.toString().endsWith(".dcm")).count()).isEqualTo(2);
        }
    }

    private static String segment(String msg, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\|[^\\r]*").matcher(msg.replace("\r", "\n"));
        StringBuilder all = new StringBuilder();
        while (m.find()) {
            all.append(m.group()).append('\n');
        }
        return all.toString();
    }
}
