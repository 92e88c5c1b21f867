package org.mip.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mip.gateway.testing.FreePorts;

/** The packaged {@code mipgw.jar} as an operator runs it: a real process, real ports, real signals. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GatewayProcessIT {
    private static final Path JAR = Path.of("target/mipgw.jar");

    @TempDir
    Path tmp;

    private Process process;

    @AfterEach
    void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private Process start(List<String> args) throws IOException {
        assertThat(JAR).as("the shaded jar is built in the package phase").exists();
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-jar", JAR.toString()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd)
                .redirectOutput(tmp.resolve("stdout.txt").toFile())
                .redirectError(tmp.resolve("stderr.txt").toFile())
                .start();
    }

    private String stdout() throws IOException {
        return Files.readString(tmp.resolve("stdout.txt"), StandardCharsets.UTF_8);
    }

    private String stderr() throws IOException {
        return Files.readString(tmp.resolve("stderr.txt"), StandardCharsets.UTF_8);
    }

    @Test
    void run_servesHealth_logsEndpoints_andStopsWithExitCode0OnSigterm() throws Exception {
        int http = FreePorts.next();
        Path data = tmp.resolve("data");
        process = start(List.of("run", "--set", "data.dir=" + data, "--set", "http.port=" + http,
                "--set", "dicom.port=" + FreePorts.next(), "--set", "hl7.port=" + FreePorts.next()));
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/health")).build();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> client.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        HttpResponse<String> r = client.send(health, HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).contains("\"database\":\"UP\"").contains("\"http\":\"UP\"");
        assertThat(stdout()).contains("listening: HTTP API and web console http://127.0.0.1:" + http + "/");

        process.destroy(); // SIGTERM
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("exit code after SIGTERM; stderr: %s", stderr()).isZero();
        assertThat(stdout()).contains("received SIGTERM").contains("stopped http").contains("stopped database")
                .contains("MIP Gateway stopped");
        assertThat(data.resolve("db/mipgw.mv.db")).exists();
        assertThat(Files.readString(data.resolve("logs/mipgw.log"))).contains("MIP Gateway").contains("started in");
    }

    @Test
    void launcher_runsTheParallelCollector_unlessJavaOptsChoosesOne() throws Exception {
        assertThat(collectorUnderLauncher("-Xlog:gc")).isEqualTo("Parallel");
        assertThat(collectorUnderLauncher("-Xlog:gc -XX:+UseSerialGC")).isEqualTo("Serial");
    }

    /** Runs {@code ./mipgw config check} with {@code JAVA_OPTS}; returns the collector the JVM logged. */
    private String collectorUnderLauncher(String javaOpts) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of("..", "mipgw").toString(), "config", "check",
                "--set", "data.dir=" + tmp.resolve("data")).redirectErrorStream(true);
        pb.environment().put("JAVA_OPTS", javaOpts);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[gc\\] Using (\\w+)").matcher(out);
        assertThat(m.find()).as("the JVM's -Xlog:gc line in: %s", out).isTrue();
        return m.group(1);
    }

    @Test
    void run_withInvalidPort_refusesToStartNamingTheKey() throws Exception {
        process = start(List.of("run", "--set", "data.dir=" + tmp.resolve("data"), "--set", "dicom.port=99999"));
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(Main.EXIT_CONFIG);
        assertThat(stderr()).contains("dicom.port = '99999'");
        assertThat(tmp.resolve("data")).doesNotExist();
    }

    @Test
    void run_whenTheHttpPortIsTaken_exitsNonZeroAndReleasesTheDatabase() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            process = start(List.of("run", "--set", "data.dir=" + tmp.resolve("data"),
                    "--set", "http.port=" + taken.getLocalPort(), "--set", "dicom.port=" + FreePorts.next(),
                    "--set", "hl7.port=" + FreePorts.next()));
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(Main.EXIT_FAILURE);
            assertThat(stderr()).contains("cannot listen").contains(String.valueOf(taken.getLocalPort()));
            assertThat(stdout()).contains("stopped database");
        }
    }
}
