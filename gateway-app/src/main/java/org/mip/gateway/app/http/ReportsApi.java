package org.mip.gateway.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.mip.gateway.hl7.Hl7Module;
import org.mip.gateway.hl7.report.NoReferrerException;
import org.mip.gateway.hl7.report.OutboxEntry;
import org.mip.gateway.hl7.report.UnknownAccessionException;

/** {@code POST /api/v1/reports} and {@code GET /api/v1/outbox} (CONTRACT.md). */
public final class ReportsApi {
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final Supplier<Hl7Module> hl7;

    public ReportsApi(Supplier<Hl7Module> hl7) {
        this.hl7 = hl7;
    }

    public void routes(Router router) {
        router.post("/api/v1/reports").handler(BodyHandler.create().setBodyLimit(4 * 1024 * 1024)).handler(this::post);
        router.get("/api/v1/outbox").handler(this::outbox);
    }

    private void post(RoutingContext ctx) {
        String body = ctx.body().asString();
        Api.blocking(ctx, () -> {
            JsonNode req;
            try {
                req = JSON.readTree(body == null ? "" : body);
            } catch (IOException e) {
                throw new ApiError(400, "the body is not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
            }
            if (req == null || !req.isObject()) {
                throw new ApiError(400, "expected a JSON object {\"accessionNumber\",\"status\",\"text\",\"urgent\","
                        + "\"radiologist\",\"referrer\"}");
            }
            String accession = text(req, "accessionNumber", true);
            String status = text(req, "status", true).toUpperCase(Locale.ROOT);
            String reportText = text(req, "text", true);
            String radiologist = text(req, "radiologist", false);
            String referrer = text(req, "referrer", false);
            JsonNode urgentNode = req.get("urgent");
            if (urgentNode != null && !urgentNode.isBoolean() && !urgentNode.isNull()) {
                throw new ApiError(400, "urgent must be true or false");
            }
            boolean urgent = urgentNode != null && urgentNode.asBoolean(false);
            OutboxEntry entry;
            try {
                entry = hl7.get().reports().submit(accession, status, reportText, urgent, radiologist, referrer);
            } catch (UnknownAccessionException e) {
                throw new ApiError(404, e.getMessage());
            } catch (NoReferrerException e) {
                throw new ApiError(422, e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, e.getMessage());
            }
            ctx.put(AuditApi.ACTION, org.mip.gateway.audit.AuditVocabulary.REPORT_SUBMITTED);
            ctx.put(AuditApi.ACCESSION, accession);
            ctx.put(AuditApi.DETAIL, "report " + status + (urgent ? " URGENT" : "") + " accession " + accession
                    + " for " + entry.referrerId() + ", control ID " + entry.controlId());
            return Api.Reply.json(202, toJson(entry).toString()).at("/api/v1/outbox?state=pending");
        });
    }

    private void outbox(RoutingContext ctx) {
        Api.blocking(ctx, () -> {
            String s = ctx.request().getParam("state");
            OutboxEntry.State state = null;
            if (s != null && !s.isBlank()) {
                try {
                    state = OutboxEntry.State.of(s.trim());
                } catch (IllegalArgumentException e) {
                    throw new ApiError(400, "state must be pending, delivered or failed");
                }
            }
            List<OutboxEntry> entries = hl7.get().outbox().list(state, 1000);
            ArrayNode arr = JSON.createArrayNode();
            entries.forEach(e -> arr.add(toJson(e)));
            return Api.Reply.json(200, arr.toString());
        });
    }

    static ObjectNode toJson(OutboxEntry e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", e.id());
        n.put("referrer", e.referrerId());
        n.put("controlId", e.controlId());
        n.put("accessionNumber", e.accessionNumber());
        n.put("status", e.resultStatus());
        n.put("urgent", e.urgent());
        n.put("state", e.state().dbValue());
        n.put("attempts", e.attempts());
        n.put("nextAttemptAt", e.nextAttemptAt() == null ? null : e.nextAttemptAt().toString());
        n.put("lastError", e.lastError());
        n.put("createdAt", e.createdAt() == null ? null : e.createdAt().toString());
        n.put("deliveredAt", e.deliveredAt() == null ? null : e.deliveredAt().toString());
        if (e.latencyMs() == null) {
            n.putNull("latencyMs");
        } else {
            n.put("latencyMs", e.latencyMs());
        }
        return n;
    }

    private static String text(JsonNode req, String field, boolean required) {
        JsonNode n = req.get(field);
        if (n == null || n.isNull() || (n.isTextual() && n.asText().isBlank())) {
            if (required) {
                throw new ApiError(400, "missing \"" + field + "\"");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw new ApiError(400, "\"" + field + "\" must be a string");
        }
        return n.asText();
    }
}
