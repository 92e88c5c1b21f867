package org.mip.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.mip.gateway.testing.Peers;

/**
 * The web console in headless Chromium (Debian {@code chromium}, driven by {@code playwright-core} from
 * {@code src/test/browser}): a booking, an HL7 order, the image a scanner stores for that order ({@code mipgw
 * store}), and an urgent report that cannot be delivered are each found on the page (the study with its
 * instance count and a link to its worklist item; the image in today's turnaround figures), the retry action
 * answers, and the screenshot is saved beside the test reports as {@value #SCREENSHOT_NAME} in {@code
 * target/failsafe-reports} (printed as a {@code [[ATTACHMENT|path]]} line, which Failsafe keeps in the
 * test's XML report for CI servers that attach files to test results).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConsoleBrowserIT {
    private static final Path BROWSER = Path.of("src/test/browser");
    static final String SCREENSHOT_NAME = "console-screenshot.png";
    static final Path SCREENSHOT = Path.of("target/failsafe-reports").resolve(SCREENSHOT_NAME);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void console_showsTheWorklistTheOutboxAndTheChart() throws Exception {
        Path chromium = Peers.require("/usr/bin/chromium", "chromium");
        Path node = Peers.require("node", "nodejs");
        if (!Files.isDirectory(BROWSER.resolve("node_modules/playwright-core"))) {
            Path npm = Peers.require("npm", "npm");
            run(List.of(npm.toString(), "ci", "--no-audit", "--no-fund"), 300, Map.of());
        }
        int down = FreePorts.next();
        try (RunningGateway gw = new RunningGateway(tmp, """
                hl7:
                  referrers:
                    - {id: trust-down, facility: TRUST_A, host: 127.0.0.1, port: %d, version: "2.4"}
                mwl:
                  stations:
                    - {aet: MRI1, modality: MR, name: Mobile MRI}
                    - {aet: US1, modality: US, name: Ultrasound}
                """.formatted(down), Map.of())) {
            String today = java.time.LocalDate.now().format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
            var booked = gw.send("POST", "/api/v1/worklist", "application/dicom+json", """
                    {"00100010":{"vr":"PN","Value":[{"Alphabetic":"Console^Carla"}]},"00100020":{"vr":"LO","Value":["WEB1"]},
                     "00080050":{"vr":"SH","Value":["WEBACC1"]},"00401001":{"vr":"SH","Value":["RP1"]},
                     "00321060":{"vr":"LO","Value":["US Abdomen"]},
                     "00400100":{"vr":"SQ","Value":[{"00080060":{"vr":"CS","Value":["US"]},"00400009":{"vr":"SH","Value":["SPS1"]},
                       "00400002":{"vr":"DA","Value":["%s"]},"00400003":{"vr":"TM","Value":["143000"]},
                       "00400001":{"vr":"AE","Value":["US1"]}}]}}""".formatted(today));
            assertThat(booked.statusCode()).as(booked.body()).isEqualTo(201);
            assertThat(ScriptedReferrer.send(gw.hl7Port, ScriptedReferrer.order("W1", "WEB2", "Order^Otto", "WEBACC2")))
                    .contains("MSA|AA|W1");
            // the MRI scanner's image for the order; the archive links its study to the worklist item
            Modality.mipgwStore(gw.dicomPort, "MRI1", Modality.image(tmp.resolve("images"), "WEBACC2", "WEB2",
                    "Order^Otto", java.time.LocalDate.now()));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode studies = JSON.readTree(gw.send("GET", "/api/v1/studies?accessionNumber=WEBACC2", null,
                        (String) null).body());
                assertThat(studies).hasSize(1);
                assertThat(studies.get(0).at("/00201208/Value/0").asInt()).isEqualTo(1);
                assertThat(studies.get(0).at("/00191001/Value/0").asLong()).as("linked booking id").isPositive();
            });
            var report = gw.send("POST", "/api/v1/reports", "application/json",
                    "{\"accessionNumber\":\"WEBACC2\",\"status\":\"F\",\"text\":\"Bleed.\",\"urgent\":true}");
            assertThat(report.statusCode()).as(report.body()).isEqualTo(202);
            JsonNode turnaround = JSON.readTree(gw.send("GET", "/api/v1/turnaround?days=1", null, (String) null).body());
            assertThat(turnaround.get("imagesAvailable").asBoolean()).isTrue();
            assertThat(turnaround.at("/days/0/orders").asInt()).isEqualTo(2);
            assertThat(turnaround.at("/days/0/imaged").asInt()).isEqualTo(1);
            assertThat(turnaround.at("/days/0/medianMinutes/orderToImages").isNumber()).isTrue();
            assertThat(turnaround.at("/days/0/medianMinutes/imagesToReport").isNumber()).isTrue();

            Files.createDirectories(SCREENSHOT.getParent());
            Files.deleteIfExists(SCREENSHOT);
            List<String> cmd = new ArrayList<>(List.of(node.toString(), "console.mjs", gw.base,
                    SCREENSHOT.toAbsolutePath().toString(), "Console^Carla", "WEBACC1", "US · US1", "MR · MRI1",
                    "Order^Otto", "URGENT", "trust-down", "Services: UP", "Worklist item", "10:00 MR · MRI1",
                    "order → images received", "Days are counted from the order"));
            String out = run(cmd, 120, Map.of("STUDY_ACCESSION", "WEBACC2", "STUDY_INSTANCES", "1"));
            assertThat(out).contains("found: WEBACC1")
                    .contains("study WEBACC2: 1 instance(s), worklist item \"10:00 MR · MRI1\" (#acc-WEBACC2 -> WEBACC2)")
                    .contains("turnaround today: 1 order(s) with images received")
                    .contains("retry acknowledged");
            assertThat(SCREENSHOT).isNotEmptyFile();
            System.out.println("console screenshot: " + SCREENSHOT.toAbsolutePath());
            System.out.println("[[ATTACHMENT|" + SCREENSHOT.toAbsolutePath() + "]]");
        }
    }

    private static String run(List<String> cmd, int timeoutSeconds, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(BROWSER.toFile()).redirectErrorStream(true);
        pb.environment().put("CHROMIUM", "/usr/bin/chromium");
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] output;
        try (var in = p.getInputStream()) {
            output = in.readAllBytes();
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " timed out");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        System.out.println(text);
        assertThat(p.exitValue()).as(cmd + "\n" + text).isZero();
        return text;
    }
}
