package org.mip.gateway.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shared plumbing of the JSON API: blocking work off the event loop, errors as JSON bodies. */
final class Api {
    private static final Logger log = LoggerFactory.getLogger(Api.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Api() {}

    /** A response: status, content type, body and optional Location. */
    record Reply(int status, String contentType, String body, String location) {
        static Reply json(int status, String body) {
            return new Reply(status, "application/json", body, null);
        }

        static Reply dicomJson(int status, String body) {
            return new Reply(status, "application/dicom+json", body, null);
        }

        static Reply empty(int status) {
            return new Reply(status, null, null, null);
        }

        Reply at(String location) {
            return new Reply(status, contentType, body, location);
        }
    }

    /** Runs {@code work} on a worker thread (database, disk) and answers with its reply or its error. */
    static void blocking(RoutingContext ctx, Callable<Reply> work) {
        ctx.vertx().executeBlocking(work, false).onComplete(ar -> {
            if (ar.succeeded()) {
                Reply r = ar.result();
                var resp = ctx.response().setStatusCode(r.status());
                if (r.location() != null) {
                    resp.putHeader("Location", r.location());
                }
                if (r.body() == null) {
                    resp.end();
                } else {
                    resp.putHeader("Content-Type", r.contentType()).end(r.body());
                }
            } else {
                fail(ctx, ar.cause());
            }
        });
    }

    static void fail(RoutingContext ctx, Throwable t) {
        int status;
        String tag = null;
        if (t instanceof ApiError e) {
            status = e.status();
            tag = e.tag();
        } else {
            status = 500;
            log.error("{} {} failed: {}", ctx.request().method(), ctx.request().path(), t.toString());
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("status", status);
        body.put("error", status == 500 ? "internal error (see the gateway log)" : t.getMessage());
        if (tag != null) {
            body.put("tag", tag);
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
    }

    /** The authenticated user at the client's address ({@code ann@10.0.0.5}), or {@code http:ADDRESS}. */
    static String actor(RoutingContext ctx) {
        String user = ctx.get(org.mip.gateway.app.security.HttpAuth.USER);
        return user == null ? "http:" + ctx.request().remoteAddress()
                : user + "@" + ctx.request().remoteAddress().hostAddress();
    }
}
