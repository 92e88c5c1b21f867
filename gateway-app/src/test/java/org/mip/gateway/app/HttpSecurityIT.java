package org.mip.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mip.gateway.app.security.PasswordHash;
import org.mip.gateway.config.ConfigException;
import org.mip.gateway.config.ConfigLoader;
import org.mip.gateway.net.server.TestPki;

/** The API bound to all interfaces: TLS, HTTP Basic, roles viewer &lt; operator &lt; admin. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpSecurityIT {
    private static final String ITEM = """
            {"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe^Dan"}]},"00100020":{"vr":"LO","Value":["SEC1"]},
             "00080050":{"vr":"SH","Value":["SECACC"]},"00401001":{"vr":"SH","Value":["RP1"]},
             "00400100":{"vr":"SQ","Value":[{"00080060":{"vr":"CS","Value":["MR"]},"00400009":{"vr":"SH","Value":["SPS1"]},
               "00400002":{"vr":"DA","Value":["20261126"]}}]}}""";

    @TempDir
    Path tmp;

    private RunningGateway gw;
    private HttpClient client;
    private String base;

    @BeforeEach
    void start() throws Exception {
        TestPki pki = TestPki.create(Files.createDirectories(tmp.resolve("pki")));
        gw = new RunningGateway(tmp, """
                http:
                  host: 0.0.0.0
                  tls: {cert: %s, key: %s}
                  users:
                    - {name: vic, password-hash: "%s", role: viewer}
                    - {name: oli, password-hash: "%s", role: operator}
                    - {name: ada, password-hash: "%s", role: admin}
                """.formatted(pki.serverCert(), pki.serverKey(), PasswordHash.hash("viewer-pw".toCharArray(), 1000),
                PasswordHash.hash("operator-pw".toCharArray(), 1000), PasswordHash.hash("admin-pw".toCharArray(), 1000)),
                Map.of());
        base = gw.base.replace("http://", "https://");
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
        client = HttpClient.newBuilder().sslContext(trustAll).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    private HttpResponse<String> send(String method, String path, String user, String password, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        if (body != null) {
            b.header("Content-Type", "application/dicom+json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void unauthenticated_get401WithAChallenge_healthStaysOpen() throws Exception {
        for (String path : new String[] {"/", "/api/v1/worklist", "/metrics", "/api/v1/audit", "/api/v1/outbox"}) {
            var r = send("GET", path, null, null, null);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic realm=\"MIP Gateway\"");
        }
        assertThat(send("DELETE", "/api/v1/worklist/1", null, null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/v1/worklist", "vic", "wrong", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/v1/worklist", "nobody", "viewer-pw", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/health", null, null, null).statusCode()).isEqualTo(200);
        // plain HTTP on the TLS port gets no answer
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gw.base + "/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void roles_viewerReads_operatorChanges_adminAudits() throws Exception {
        assertThat(send("GET", "/api/v1/worklist", "vic", "viewer-pw", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/", "vic", "viewer-pw", null).body()).contains("MIP Gateway");
        assertThat(send("GET", "/metrics", "vic", "viewer-pw", null).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/v1/worklist", "vic", "viewer-pw", ITEM).statusCode()).isEqualTo(403);

        var booked = send("POST", "/api/v1/worklist", "oli", "operator-pw", ITEM);
        assertThat(booked.statusCode()).as(booked.body()).isEqualTo(201);
        String location = booked.headers().firstValue("Location").orElseThrow();
        var refused = send("DELETE", location, "vic", "viewer-pw", null);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("vic (viewer)").contains("operator");
        assertThat(send("GET", "/api/v1/audit", "oli", "operator-pw", null).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", location, "oli", "operator-pw", null).statusCode()).isEqualTo(204);
        assertThat(send("POST", "/api/v1/outbox/999/retry", "ada", "admin-pw", null).statusCode()).isEqualTo(404);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String audit = send("GET", "/api/v1/audit?patientId=SEC1", "ada", "admin-pw", null).body();
            assertThat(audit).contains("\"action\":\"MWL_BOOKING_CREATED\"").contains("\"actor\":\"oli@127.0.0.1\"")
                    .contains("\"action\":\"MWL_BOOKING_CANCELLED\"");
            String alerts = send("GET", "/api/v1/audit?action=SECURITY_ALERT", "ada", "admin-pw", null).body();
            assertThat(alerts).contains("\"actor\":\"vic\"").contains("may not DELETE");
        });
    }

    @Test
    void nonLoopbackWithoutTlsOrUsers_isRefusedAtStart() {
        assertThatThrownBy(() -> new ConfigLoader(null, Map.of("http.host", "0.0.0.0"), Map.of()).load())
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.tls.cert")
                .hasMessageContaining("http.users");
    }

    @Test
    void hashPassword_command_printsAHashThatVerifies() throws Exception {
        var in = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("correct horse\n".getBytes(StandardCharsets.UTF_8)));
            Cli cli = new Cli();
            assertThat(cli.run("config", "hash-password")).as(cli.err()).isZero();
            String hash = cli.out().trim();
            assertThat(hash).startsWith("pbkdf2-sha256:600000:");
            assertThat(PasswordHash.verify("correct horse".toCharArray(), hash)).isTrue();
            assertThat(PasswordHash.verify("wrong horse".toCharArray(), hash)).isFalse();
        } finally {
            System.setIn(in);
        }
    }
}
