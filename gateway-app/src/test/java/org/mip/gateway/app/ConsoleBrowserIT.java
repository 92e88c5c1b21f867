package org.mip.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mip.gateway.testing.Peers;

/**
 * The web console in headless Chromium (Debian {@code chromium}, driven by {@code playwright-core} from
 * {@code src/test/browser}): a booking, an HL7 order and an urgent report that cannot be delivered are
 * each found on the page, the retry action answers, and the screenshot is saved as
 * {@code target/console-screenshot.png}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConsoleBrowserIT {
    private static final Path BROWSER = Path.of("src/test/browser");
    static final Path SCREENSHOT = Path.of("target/console-screenshot.png");

    @TempDir
    Path tmp;

    @Test
    void console_showsTheWorklistTheOutboxAndTheChart() throws Exception {
        Path chromium = Peers.require("/usr/bin/chromium", "chromium");
        Path node = Peers.require("node", "nodejs");
        if (!Files.isDirectory(BROWSER.resolve("node_modules/playwright-core"))) {
            Path npm = Peers.require("npm", "npm");
            run(List.of(npm.toString(), "ci", "--no-audit", "--no-fund"), 300);
        }
        int down = RunningGateway.freePort();
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
            var report = gw.send("POST", "/api/v1/reports", "application/json",
                    "{\"accessionNumber\":\"WEBACC2\",\"status\":\"F\",\"text\":\"Bleed.\",\"urgent\":true}");
            assertThat(report.statusCode()).as(report.body()).isEqualTo(202);

            Files.createDirectories(SCREENSHOT.getParent());
            Files.deleteIfExists(SCREENSHOT);
            List<String> cmd = new ArrayList<>(List.of(node.toString(), "console.mjs", gw.base,
                    SCREENSHOT.toAbsolutePath().toString(), "Console^Carla", "WEBACC1", "US · US1", "MR · MRI1",
                    "Order^Otto", "URGENT", "trust-down", "Services: UP", "No studies received today.",
                    "Days are counted from the order"));
            String out = run(cmd, 120);
            assertThat(out).contains("found: WEBACC1").contains("retry acknowledged");
            assertThat(SCREENSHOT).isNotEmptyFile();
            System.out.println("console screenshot: " + SCREENSHOT.toAbsolutePath());
        }
    }

    private static String run(List<String> cmd, int timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(BROWSER.toFile()).redirectErrorStream(true);
        pb.environment().put("CHROMIUM", "/usr/bin/chromium");
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
