package org.mip.gateway.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Supplier;
import org.mip.gateway.audit.AuditEvent;
import org.mip.gateway.audit.AuditLog;
import org.mip.gateway.audit.AuditQuery;
import org.mip.gateway.audit.AuditService;
import org.mip.gateway.audit.AuditVocabulary;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.hl7.report.MwlOrderLookup;
import org.mip.gateway.mwl.BookingService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/audit?from=&to=&action=&actor=&patientId=&limit=} (admin), and the API's own audit
 * trail: every change made through {@code /api/*} (and each read a handler marks, such as a worklist
 * query) becomes one event when its response is sent, with the authenticated user as actor. Handlers
 * describe their event through the routing-context keys below; a handler whose service audits the
 * change itself (bookings) marks the request {@link #AUDITED}.
 */
public final class AuditApi {
    public static final String ACTION = "mipgw.audit.action";
    public static final String DETAIL = "mipgw.audit.detail";
    public static final String PATIENT = "mipgw.audit.patient";
    /** An accession number whose order's patient the event concerns (looked up when the event is written). */
    public static final String ACCESSION = "mipgw.audit.accession";
    public static final String AUDITED = "mipgw.audited";
    private static final Logger log = LoggerFactory.getLogger(AuditApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<AuditService> audit;
    private final Supplier<BookingService> bookings;

    public AuditApi(Supplier<AuditService> audit, Supplier<BookingService> bookings) {
        this.audit = audit;
        this.bookings = bookings;
    }

    public void routes(Router router) {
        router.route("/api/*").handler(this::trail);
        router.get("/api/v1/audit").handler(this::query);
    }

    private void trail(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        boolean change = method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS;
        String actor = Api.actor(ctx);
        String request = method + " " + ctx.request().uri();
        ctx.addEndHandler(v -> {
            int status = ctx.response().getStatusCode();
            String action = ctx.get(ACTION);
            if (ctx.get(AUDITED) != null || status == 401 || status == 403 || action == null && !change) {
                return;
            }
            String detail = ctx.get(DETAIL);
            String patient = ctx.get(PATIENT);
            String accession = ctx.get(ACCESSION);
            String who = ctx.get(org.mip.gateway.app.security.HttpAuth.USER) == null ? actor : Api.actor(ctx);
            AuditEvent.Outcome outcome = status < 400 ? AuditEvent.Outcome.SUCCESS
                    : status < 500 ? AuditEvent.Outcome.REJECTED : AuditEvent.Outcome.FAILURE;
            String text = request + " -> " + status + (detail == null ? "" : ": " + detail);
            ctx.vertx().executeBlocking(() -> {
                String pid = patient;
                if (pid == null && accession != null) {
                    pid = new MwlOrderLookup(bookings.get()).findByAccessionNumber(accession)
                            .map(o -> o.item().getString(Tag.PatientID)).orElse(null);
                }
                audit.get().log().record(action == null ? AuditVocabulary.API_CHANGE : action, outcome, who,
                        String.valueOf(ctx.request().remoteAddress()), text, pid);
                return null;
            }, false).onFailure(e -> log.warn("audit of {} not written: {}", request, e.toString()));
        });
        ctx.next();
    }

    private void query(RoutingContext ctx) {
        Api.blocking(ctx, () -> {
            AuditQuery q = new AuditQuery(time(ctx, "from", false), time(ctx, "to", true), param(ctx, "action"),
                    param(ctx, "actor"), param(ctx, "patientId"), limit(param(ctx, "limit")));
            AuditLog log = audit.get().log();
            List<AuditEvent> events = log.query(q);
            ctx.put(ACTION, AuditVocabulary.AUDIT_LOG_USED);
            ctx.put(DETAIL, events.size() + " event(s)");
            ctx.put(PATIENT, q.patientId());
            ArrayNode arr = JSON.createArrayNode();
            events.forEach(e -> arr.add(toJson(e)));
            return Api.Reply.json(200, arr.toString());
        });
    }

    static ObjectNode toJson(AuditEvent e) {
        AuditVocabulary.EventId id = AuditVocabulary.eventId(e.action());
        ObjectNode n = JSON.createObjectNode();
        n.put("id", e.id());
        n.put("occurredAt", e.occurredAt().toString());
        n.put("action", e.action());
        ObjectNode eventId = n.putObject("eventId");
        eventId.put("code", id.code());
        eventId.put("codingScheme", "DCM");
        eventId.put("meaning", id.meaning());
        n.put("eventActionCode", id.actionCode());
        n.put("outcome", e.outcome().name());
        n.put("eventOutcomeIndicator", AuditVocabulary.outcomeIndicator(e.outcome()));
        n.put("actor", e.actor());
        n.put("source", e.source());
        n.put("patientId", e.patientId());
        n.put("detail", e.detail());
        return n;
    }

    /** An instant, or a date (YYYY-MM-DD, local time zone: start of day for from, end of day for to). */
    private static Instant time(RoutingContext ctx, String name, boolean endOfDay) {
        String s = param(ctx, name);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                LocalDate d = LocalDate.parse(s);
                return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZoneId.systemDefault()).toInstant();
            } catch (DateTimeParseException e2) {
                throw new ApiError(400, name + " must be an instant (2026-11-26T08:00:00Z) or a date (2026-11-26)");
            }
        }
    }

    private static int limit(String s) {
        if (s == null) {
            return 1000;
        }
        try {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= AuditQuery.MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ApiError(400, "limit must be a number from 1 to " + AuditQuery.MAX_LIMIT);
    }

    private static String param(RoutingContext ctx, String name) {
        String s = ctx.request().getParam(name);
        return s == null || s.isBlank() ? null : s.trim();
    }
}
