package org.mip.gateway.app.security;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.mip.gateway.audit.AuditEvent;
import org.mip.gateway.audit.AuditService;
import org.mip.gateway.audit.AuditVocabulary;
import org.mip.gateway.config.HttpConfig;
import org.mip.gateway.config.HttpConfig.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP Basic authentication (RFC 7617, over TLS) and role checks for the API and the console, in front
 * of every route but {@code /health}. With no {@code http.users} (allowed only on a loopback address)
 * every local client acts as admin. Otherwise: no or wrong credentials get 401 with a
 * {@code WWW-Authenticate} challenge; a role below the one a request needs gets 403. Reading needs
 * viewer, changing (POST, PUT, DELETE) needs operator, the audit trail needs admin.
 */
public final class HttpAuth {
    /** Routing-context key of the authenticated user name. */
    public static final String USER = "mipgw.user";
    public static final String CHALLENGE = "Basic realm=\"MIP Gateway\", charset=\"UTF-8\"";
    private static final Logger log = LoggerFactory.getLogger(HttpAuth.class);
    private static final int CACHE = 256;
    private static final long MAX_BODY = 16L * 1024 * 1024;

    private final HttpConfig config;
    private final Supplier<AuditService> audit;
    /** SHA-256 of an Authorization header already verified → user name (PBKDF2 is slow on purpose). */
    private final Map<String, String> verified = new ConcurrentHashMap<>();

    public HttpAuth(HttpConfig config, Supplier<AuditService> audit) {
        this.config = config;
        this.audit = audit;
    }

    public boolean enabled() {
        return !config.users().isEmpty();
    }

    public void routes(Router router) {
        if (enabled()) {
            // The body is read before the (asynchronous) password check, so that no chunk arrives while
            // nobody listens; the routes' own BodyHandlers then find it read.
            router.route().handler(io.vertx.ext.web.handler.BodyHandler.create().setBodyLimit(MAX_BODY));
            router.route().handler(this::handle);
        }
    }

    /** The role {@code method path} needs. */
    public static Role required(HttpMethod method, String path) {
        if (path.startsWith("/api/v1/audit")) {
            return Role.ADMIN;
        }
        if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
            return Role.VIEWER;
        }
        return Role.OPERATOR;
    }

    private void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            challenge(ctx);
            return;
        }
        String key = HexFormat.of().formatHex(PasswordHash.sha256(header));
        String known = verified.get(key);
        if (known != null) {
            authorize(ctx, known);
            return;
        }
        ctx.vertx().executeBlocking(() -> check(header.substring(6).trim()), false).onComplete(ar -> {
            Optional<String> user = ar.succeeded() ? ar.result() : Optional.empty();
            if (user.isEmpty()) {
                String remote = String.valueOf(ctx.request().remoteAddress());
                log.info("HTTP authentication failed from {} for {} {}", remote, ctx.request().method(),
                        ctx.request().path());
                record(AuditVocabulary.USER_AUTHENTICATION, AuditEvent.Outcome.FAILURE, "?", remote,
                        "HTTP Basic authentication failed for " + ctx.request().method() + " " + ctx.request().path());
                challenge(ctx);
                return;
            }
            if (verified.size() >= CACHE) {
                verified.clear();
            }
            verified.put(key, user.get());
            authorize(ctx, user.get());
        });
    }

    private Optional<String> check(String credentials) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String name = decoded.substring(0, colon);
        char[] password = decoded.substring(colon + 1).toCharArray();
        return config.user(name).filter(u -> PasswordHash.verify(password, u.passwordHash().value()))
                .map(HttpConfig.User::name);
    }

    private void authorize(RoutingContext ctx, String name) {
        Role role = config.user(name).map(HttpConfig.User::role).orElse(Role.VIEWER);
        Role needed = required(ctx.request().method(), ctx.request().path());
        if (!role.includes(needed)) {
            String remote = String.valueOf(ctx.request().remoteAddress());
            log.info("HTTP request refused: {} ({}) may not {} {}", name, role.key(), ctx.request().method(),
                    ctx.request().path());
            record(AuditVocabulary.SECURITY_ALERT, AuditEvent.Outcome.REJECTED, name, remote,
                    "role " + role.key() + " may not " + ctx.request().method() + " " + ctx.request().path()
                            + " (needs " + needed.key() + ")");
            ctx.response().setStatusCode(403).putHeader("Content-Type", "application/json")
                    .end("{\"status\":403,\"error\":\"user " + name + " (" + role.key() + ") may not "
                            + ctx.request().method() + " " + ctx.request().path() + ": it needs the role "
                            + needed.key() + "\"}");
            return;
        }
        ctx.put(USER, name);
        ctx.next();
    }

    private static void challenge(RoutingContext ctx) {
        ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", CHALLENGE)
                .putHeader("Content-Type", "application/json")
                .end("{\"status\":401,\"error\":\"authentication required\"}");
    }

    private void record(String action, AuditEvent.Outcome outcome, String actor, String source, String detail) {
        try {
            audit.get().recordLater(action, outcome, actor, source, detail);
        } catch (RuntimeException e) {
            log.warn("audit of an HTTP refusal failed: {}", e.toString());
        }
    }
}
