package org.mip.gateway.app.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web console: one page of plain HTML, CSS and JavaScript packed in the jar under
 * {@code mipgw-console/} (no CDN, no build step), served at {@code GET /}; it reads the JSON API with
 * {@code fetch} and needs the viewer role (operator to retry a delivery).
 */
public final class Console {
    static final String ROOT = "mipgw-console";

    public void routes(Router router) {
        router.get("/").handler(ctx -> ctx.reroute("/console/index.html"));
        router.get("/console/*").handler(StaticHandler.create(ROOT).setCachingEnabled(false)
                .setDefaultContentEncoding("UTF-8"));
    }
}
