package org.mip.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mip.gateway.testing.FreePorts;

/**
 * Issue 7's delivery promise across a crash: the packaged gateway runs as a process with one referrer whose
 * engine answers the first report AE, then nothing, then AR, then AA; while it withholds the ACK of a later
 * report the gateway is killed with SIGKILL and started again on the same data folder. Every report reaches the
 * referrer in order, each always under one control ID (MSH-10).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class Hl7KillRestartIT {
    private static final Path JAR = Path.of("target/mipgw.jar");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The report whose ACK the referrer withholds until the gateway has been killed (0-based). */
    private static final int HELD = 3;
    private static final int BEFORE_KILL = 6;
    private static final int AFTER_RESTART = 2;

    @TempDir
    Path tmp;

    private Process process;
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile boolean restarted;
    private int httpPort;
    private int hl7Port;
    private int dicomPort;

    @AfterEach
    void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** The referrer's HL7 engine: AE, no answer, AR to the first three messages, then AA; silent around the kill. */
    private String script(int n) {
        return switch (n) {
            case 0 -> "AE";
            case 1 -> null; // the gateway's ACK timeout
            case 2 -> "AR";
            default -> n < 2 + HELD || restarted ? "AA" : null; // frame 2 + HELD is report HELD's: held
        };
    }

    private Process start(String run, Path config) throws IOException {
        assertThat(JAR).as("the shaded jar is built in the package phase").exists();
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx384m", "-jar",
                JAR.toString(), "run", "--config", config.toString(),
                "--set", "data.dir=" + tmp.resolve("data"), "--set", "http.port=" + httpPort,
                "--set", "dicom.port=" + dicomPort, "--set", "hl7.port=" + hl7Port,
                "--set", "hl7.outbox.ack-timeout-seconds=3", "--set", "hl7.outbox.initial-backoff-ms=200",
                "--set", "hl7.outbox.max-backoff-seconds=1");
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(tmp.resolve(run + ".out").toFile())
                .redirectError(tmp.resolve(run + ".err").toFile())
                .start();
        HttpRequest health = HttpRequest.newBuilder(URI.create(base() + "/health")).build();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> {
                    assertThat(p.isAlive()).as("gateway process (%s)", Files.readString(tmp.resolve(run + ".err"))).isTrue();
                    return http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                });
        return p;
    }

    private String base() {
        return "http://127.0.0.1:" + httpPort;
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode outbox(String state) throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1/outbox" + (state == null ? "" : "?state=" + state), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** An ORM^O01 new order from TRUST_A with the referring doctor in PV1-8 and a visit number in PV1-19. */
    private static String order(String controlId, String accession) {
        String today = LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE);
        return "MSH|^~\\&|RIS|TRUST_A|MIPGW|MIP|" + today + "090000||ORM^O01|" + controlId + "|P|2.4\r"
                + "PID|1||KILLPAT7^^^TRUST_A||Crashtest^Karla||19700101|F\r"
                + "PV1|1|O||||||D123^Doctor^Dora^^^^^^GMC|||||||||||V77\r"
                + "ORC|NW|PL" + accession + "|FL" + accession + "||SC||^^^" + today + "100000^^R\r"
                + "OBR|1|PL" + accession + "|FL" + accession + "|MRHEAD^MRI Head||||||||||||||" + accession + "|RP"
                + accession + "|SPS" + accession + "||||MR\r";
    }

    private String postReport(int i) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/reports", "{\"accessionNumber\":\"KR" + i
                + "\",\"status\":\"F\",\"text\":\"report number " + i + "\\nno change\",\"urgent\":false,"
                + "\"radiologist\":\"Rad^Rita\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return JSON.readTree(r.body()).get("controlId").asText();
    }

    private static String field(String msg, String segment, int field) {
        for (String s : msg.split("\r")) {
            if (s.startsWith(segment + "|")) {
                String[] f = s.split("\\|", -1);
                return segment.equals("MSH") ? f[field - 1] : f.length > field ? f[field] : "";
            }
        }
        return null;
    }

    /** The report text's first line ("report number i") of an ORU as the referrer received it. */
    private static String content(String oru) {
        Matcher m = Pattern.compile("report number \\d+").matcher(oru);
        assertThat(m.find()).as(oru).isTrue();
        return m.group();
    }

    @Test
    void killMinus9DuringDelivery_everyReportDeliveredInOrder_underOneControlIdEach() throws Exception {
        httpPort = FreePorts.next();
        hl7Port = FreePorts.next();
        dicomPort = FreePorts.next();
        try (ScriptedReferrer referrer = new ScriptedReferrer(this::script)) {
            Path config = Files.writeString(tmp.resolve("gateway.yaml"), """
                    hl7:
                      referrers:
                        - {id: trust-a, facility: TRUST_A, host: 127.0.0.1, port: %d, version: "2.4"}
                    mwl:
                      stations:
                        - {aet: MRI1, modality: MR, name: Mobile MRI}
                    """.formatted(referrer.port()));
            process = start("run1", config);
            long pid1 = process.pid();

            int total = BEFORE_KILL + AFTER_RESTART;
            for (int i = 0; i < total; i++) {
                assertThat(ScriptedReferrer.send(hl7Port, order("O" + i, "KR" + i))).contains("MSA|AA|O" + i);
            }
            List<String> controlIds = new ArrayList<>();
            for (int i = 0; i < BEFORE_KILL; i++) {
                controlIds.add(postReport(i));
            }

            // AE, timeout and AR to report 0 (same MSH-10 each time), then reports 1.. until report HELD is in flight
            int heldFrame = 2 + HELD;
            // the kill must come within the 3 s ACK timeout, or the gateway would already have sent it again
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> referrer.received.size() > heldFrame);
            process.destroyForcibly(); // SIGKILL to the gateway's own PID
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
            List<String> beforeKill = List.copyOf(referrer.received);
            assertThat(beforeKill).hasSize(heldFrame + 1); // nothing was acknowledged after the held report
            assertThat(beforeKill).extracting(m -> field(m, "MSH", 10)).containsExactly(
                    controlIds.get(0), controlIds.get(0), controlIds.get(0), controlIds.get(1), controlIds.get(2),
                    controlIds.get(HELD));

            restarted = true;
            process = start("run2", config);
            assertThat(process.pid()).isNotEqualTo(pid1);
            for (int i = BEFORE_KILL; i < total; i++) {
                controlIds.add(postReport(i));
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> outbox("delivered").size() == total - 1);

            // AR parked the first report as failed; it did not hold back the others
            JsonNode failed = outbox("failed");
            assertThat(failed).hasSize(1);
            assertThat(failed.get(0).get("controlId").asText()).isEqualTo(controlIds.get(0));
            assertThat(failed.get(0).get("attempts").asInt()).isEqualTo(3);
            assertThat(failed.get(0).get("lastError").asText()).startsWith("AR");
            assertThat(outbox("pending")).isEmpty();
            // an operator sends it again: the same control ID once more
            long failedId = failed.get(0).get("id").asLong();
            assertThat(send("POST", "/api/v1/outbox/" + failedId + "/retry", null).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> outbox("delivered").size() == total);

            List<String> frames = List.copyOf(referrer.received);
            // the held report was sent again after the restart, under its control ID
            assertThat(frames.get(heldFrame + 1)).isEqualTo(beforeKill.get(heldFrame));
            // per referrer in submission order: first appearances of the control IDs
            Set<String> firstSeen = new LinkedHashSet<>();
            frames.forEach(m -> firstSeen.add(field(m, "MSH", 10)));
            assertThat(List.copyOf(firstSeen)).isEqualTo(controlIds);
            // every report's content under exactly one control ID, and that ID is the one the API gave
            Map<String, Set<String>> idsByContent = new LinkedHashMap<>();
            for (String m : frames) {
                idsByContent.computeIfAbsent(content(m), k -> new LinkedHashSet<>()).add(field(m, "MSH", 10));
            }
            assertThat(idsByContent).hasSize(total);
            for (int i = 0; i < total; i++) {
                assertThat(idsByContent.get("report number " + i)).as("report %d", i).containsExactly(controlIds.get(i));
            }
            for (JsonNode e : outbox("delivered")) {
                assertThat(e.get("latencyMs").isNumber()).isTrue();
            }
            // PID and PV1 from the order (PV1-8 referring doctor with ID and authority, PV1-19 visit number)
            assertThat(field(frames.get(3), "PID", 3)).startsWith("KILLPAT7");
            assertThat(field(frames.get(3), "PV1", 8)).isEqualTo("D123^Doctor^Dora^^^^^^GMC");
            assertThat(field(frames.get(3), "PV1", 19)).isEqualTo("V77");
            // no patient identifiers or names in the operator's log
            String log = Files.readString(tmp.resolve("data/logs/mipgw.log"), StandardCharsets.UTF_8);
            assertThat(log).contains("ORU delivered to trust-a").doesNotContain("KILLPAT7").doesNotContain("Crashtest");
        }
    }
}
