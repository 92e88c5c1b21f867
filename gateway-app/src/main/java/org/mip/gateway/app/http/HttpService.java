package org.mip.gateway.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.mip.gateway.config.HttpConfig;
import org.mip.gateway.lifecycle.GatewayService;
import org.mip.gateway.lifecycle.ServiceState;

/**
 * The HTTP listener (Vert.x-web): {@code GET /health} now; the API and the web console are routes
 * that other parts add through {@link #addRoutes(Consumer)} before start.
 */
public final class HttpService implements GatewayService {
    private final HttpConfig config;
    private final Supplier<Map<String, ServiceState>> states;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Consumer<Router>> routes = new java.util.ArrayList<>();
    private Vertx vertx;
    private HttpServer server;
    private volatile ServiceState state = ServiceState.NEW;

    /** @param states every service's state, for {@code /health} (this one's included) */
    public HttpService(HttpConfig config, Supplier<Map<String, ServiceState>> states) {
        this.config = config;
        this.states = states;
    }

    public void addRoutes(Consumer<Router> r) {
        routes.add(r);
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public void start() throws Exception {
        state = ServiceState.STARTING;
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(8));
        Router router = Router.router(vertx);
        router.get("/health").handler(this::health);
        routes.forEach(r -> r.accept(router));
        HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(config.port());
        if (config.tls()) {
            // PS3.15 B.1 / BCP 195: TLS 1.2 or 1.3 only
            options.setSsl(true).setEnabledSecureTransportProtocols(java.util.Set.of("TLSv1.2", "TLSv1.3"))
                    .setKeyCertOptions(new io.vertx.core.net.PemKeyCertOptions()
                            .setCertPath(config.tlsCert().toString()).setKeyPath(config.tlsKey().toString()));
        }
        server = vertx.createHttpServer(options);
        try {
            server.requestHandler(router).listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            state = ServiceState.FAILED;
            closeVertx(Duration.ofSeconds(5));
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("cannot listen on http.host:http.port " + config.host() + ":"
                    + config.port() + ": " + cause.getMessage(), cause);
        }
        state = ServiceState.UP;
    }

    /** 200 when every service is up, else 503; the body lists each service's state. */
    private void health(RoutingContext ctx) {
        ctx.vertx().executeBlocking(states::get, false).onComplete(ar -> {
            ObjectNode body = json.createObjectNode();
            ObjectNode services = body.putObject("services");
            boolean allUp = ar.succeeded();
            if (ar.succeeded()) {
                for (Map.Entry<String, ServiceState> e : ar.result().entrySet()) {
                    services.put(e.getKey(), e.getValue().name());
                    allUp &= e.getValue().healthy();
                }
            }
            body.put("status", allUp ? "UP" : "DOWN");
            ctx.response().setStatusCode(allUp ? 200 : 503)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .end(body.toString());
        });
    }

    public int port() {
        return server == null ? config.port() : server.actualPort();
    }

    @Override
    public void stop(Duration grace) {
        state = ServiceState.STOPPING;
        closeVertx(grace);
        state = ServiceState.STOPPED;
    }

    private void closeVertx(Duration grace) {
        if (vertx == null) {
            return;
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture()
                    .get(Math.max(1, grace.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // closing anyway; nothing more to release
        }
        vertx = null;
    }

    @Override
    public ServiceState state() {
        return state;
    }

    @Override
    public List<String> endpoints() {
        return List.of("HTTP API and web console " + (config.tls() ? "https" : "http") + "://" + config.host() + ":"
                + port() + "/" + (config.users().isEmpty() ? "" : " (HTTP Basic, " + config.users().size() + " user(s))"));
    }
}
