package org.mip.gateway.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mip.gateway.config.HttpConfig;
import org.mip.gateway.lifecycle.ServiceState;
import org.mip.gateway.testing.FreePorts;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpServiceIT {
    private final Map<String, ServiceState> states = new LinkedHashMap<>();
    private HttpService http;

    @AfterEach
    void stop() {
        if (http != null) {
            http.stop(Duration.ofSeconds(2));
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void health_is200WithEachServiceWhenAllAreUp() throws Exception {
        states.put("database", ServiceState.UP);
        http = new HttpService(new HttpConfig("127.0.0.1", FreePorts.next()), () -> {
            Map<String, ServiceState> m = new LinkedHashMap<>(states);
            m.put("http", http.state());
            return m;
        });
        http.start();
        HttpResponse<String> r = get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(r.body()).isEqualTo("{\"services\":{\"database\":\"UP\",\"http\":\"UP\"},\"status\":\"UP\"}");
    }

    @Test
    void health_is503WhenAServiceIsDown() throws Exception {
        states.put("database", ServiceState.DOWN);
        http = new HttpService(new HttpConfig("127.0.0.1", FreePorts.next()), () -> states);
        http.start();
        HttpResponse<String> r = get("/health");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("\"database\":\"DOWN\"").contains("\"status\":\"DOWN\"");
        assertThat(get("/no-such-thing").statusCode()).isEqualTo(404);
    }

    @Test
    void start_onAPortInUse_failsNamingTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            HttpService busy = new HttpService(new HttpConfig("127.0.0.1", taken.getLocalPort()), Map::of);
            assertThatThrownBy(busy::start).hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
            assertThat(busy.state()).isEqualTo(ServiceState.FAILED);
        }
    }
}
