package org.mip.gateway.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mip.gateway.config.ConfigLoader;
import org.mip.gateway.config.GatewayConfig;
import org.mip.gateway.testing.FreePorts;

/** A whole gateway in this JVM on free ports, with a YAML configuration written for the test. */
final class RunningGateway implements AutoCloseable {
    final Gateway gateway;
    final GatewayConfig config;
    final String base;
    final int dicomPort;
    final int hl7Port;
    private final HttpClient http = HttpClient.newHttpClient();

    RunningGateway(Path dir, String yaml, Map<String, String> sets) throws Exception {
        Path cfg = Files.writeString(dir.resolve("gateway.yaml"), yaml);
        int httpPort = FreePorts.next();
        dicomPort = FreePorts.next();
        hl7Port = FreePorts.next();
        Map<String, String> all = new LinkedHashMap<>(Map.of("data.dir", dir.resolve("data").toString(),
                "http.port", String.valueOf(httpPort), "dicom.port", String.valueOf(dicomPort),
                "hl7.port", String.valueOf(hl7Port)));
        all.putAll(sets);
        config = new ConfigLoader(cfg, all, Map.of()).load();
        gateway = new Gateway(config);
        gateway.start();
        base = "http://127.0.0.1:" + httpPort;
    }

    HttpResponse<String> send(String method, String path, String type, String body) throws Exception {
        return send(method, path, type, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> send(String method, String path, String type, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (type != null) {
            b.header("Content-Type", type);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        gateway.stop();
    }
}
