package org.mip.gateway.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.mip.gateway.audit.AuditVocabulary;
import org.mip.gateway.db.Database;
import org.mip.gateway.hl7.Hl7Module;
import org.mip.gateway.hl7.report.OutboxEntry;

/**
 * What the console needs beyond the contract's API: {@code POST /api/v1/outbox/{id}/retry} (a parked or
 * waiting report is sent again now, same control ID) and {@code GET /api/v1/turnaround?days=7}, each
 * day's median times order → images received → report → referrer ACK, by the day the order arrived (in the
 * gateway's time zone). Orders and reports come from the worklist and outbox tables; "images received" is
 * when the archive indexed the first instance of a study ({@code st_study.created_at}) that was linked to
 * the order's worklist item ({@code st_worklist_link}), matched by the order's Accession Number.
 */
public final class OperationsApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<Database> database;
    private final Supplier<Hl7Module> hl7;
    private final Clock clock;
    private final ZoneId zone;

    public OperationsApi(Supplier<Database> database, Supplier<Hl7Module> hl7, Clock clock) {
        this(database, hl7, clock, ZoneId.systemDefault());
    }

    OperationsApi(Supplier<Database> database, Supplier<Hl7Module> hl7, Clock clock, ZoneId zone) {
        this.database = database;
        this.hl7 = hl7;
        this.clock = clock;
        this.zone = zone;
    }

    public void routes(Router router) {
        router.post("/api/v1/outbox/:id/retry").handler(this::retry);
        router.get("/api/v1/turnaround").handler(this::turnaround);
    }

    private void retry(RoutingContext ctx) {
        Api.blocking(ctx, () -> {
            long id;
            try {
                id = Long.parseLong(ctx.pathParam("id"));
            } catch (NumberFormatException e) {
                throw new ApiError(404, "no outbox entry " + ctx.pathParam("id"));
            }
            OutboxEntry e = hl7.get().retry(id).orElseThrow(() -> new ApiError(404, "no outbox entry " + id));
            ctx.put(AuditApi.ACTION, AuditVocabulary.REPORT_RETRY);
            ctx.put(AuditApi.ACCESSION, e.accessionNumber());
            ctx.put(AuditApi.DETAIL, "outbox " + id + " control ID " + e.controlId() + " to " + e.referrerId());
            if (e.state() == OutboxEntry.State.DELIVERED) {
                throw new ApiError(409, "outbox entry " + id + " was already delivered");
            }
            return Api.Reply.json(200, ReportsApi.toJson(e).toString());
        });
    }

    private void turnaround(RoutingContext ctx) {
        Api.blocking(ctx, () -> {
            int days = days(ctx.request().getParam("days"));
            return Api.Reply.json(200, compute(days).toString());
        });
    }

    private record Order(Instant ordered, Instant reported, Instant acknowledged) {}

    private record Stages(Instant ordered, Instant imaged, Instant reported, Instant acknowledged) {}

    ObjectNode compute(int days) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate first = today.minusDays(days - 1L);
        Instant since = first.atStartOfDay(zone).toInstant();
        Map<String, Order> orders = new HashMap<>();
        Map<String, Instant> imaged = new HashMap<>();
        database.get().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT r.accession_no, r.created_at, o.created_at, o.delivered_at "
                    + "FROM mwl_request r LEFT JOIN hl7_outbox o ON o.accession_no = r.accession_no "
                    + "WHERE r.created_at >= ?")) {
                ps.setTimestamp(1, Timestamp.from(since));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Instant ordered = rs.getTimestamp(2).toInstant();
                        Instant reported = instant(rs.getTimestamp(3));
                        Instant acked = instant(rs.getTimestamp(4));
                        // the first report of an order, and its ACK, are what the referrer waited for
                        orders.merge(rs.getString(1), new Order(ordered, reported, acked), (a, b) ->
                                b.reported() != null && (a.reported() == null || b.reported().isBefore(a.reported())) ? b : a);
                    }
                }
            }
            // the first image of a study linked to the order's worklist item (PostgreSQL and H2 alike)
            try (PreparedStatement ps = c.prepareStatement("SELECT r.accession_no, MIN(st.created_at) FROM mwl_request r "
                    + "JOIN st_study st ON st.accession_no = r.accession_no "
                    + "JOIN st_worklist_link l ON l.study_fk = st.pk "
                    + "WHERE r.created_at >= ? GROUP BY r.accession_no")) {
                ps.setTimestamp(1, Timestamp.from(since));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        imaged.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                    }
                }
            }
            return null;
        });
        TreeMap<LocalDate, List<Stages>> byDay = new TreeMap<>();
        for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
            byDay.put(d, new ArrayList<>());
        }
        orders.forEach((accession, o) -> byDay.computeIfPresent(o.ordered().atZone(zone).toLocalDate(), (d, l) -> {
            l.add(new Stages(o.ordered(), imaged.get(accession), o.reported(), o.acknowledged()));
            return l;
        }));
        ObjectNode body = JSON.createObjectNode();
        body.put("zone", zone.getId());
        body.put("imagesAvailable", true);
        ArrayNode arr = body.putArray("days");
        byDay.forEach((day, list) -> {
            ObjectNode n = arr.addObject();
            n.put("date", day.toString());
            n.put("orders", list.size());
            n.put("imaged", list.stream().filter(o -> o.imaged() != null).count());
            n.put("reported", list.stream().filter(o -> o.reported() != null).count());
            n.put("acknowledged", list.stream().filter(o -> o.acknowledged() != null).count());
            ObjectNode m = n.putObject("medianMinutes");
            putMedian(m, "orderToImages", list.stream().filter(o -> o.imaged() != null)
                    .map(o -> Duration.between(o.ordered(), o.imaged())).toList());
            putMedian(m, "imagesToReport", list.stream().filter(o -> o.imaged() != null && o.reported() != null)
                    .map(o -> Duration.between(o.imaged(), o.reported())).toList());
            putMedian(m, "orderToReport", list.stream().filter(o -> o.reported() != null)
                    .map(o -> Duration.between(o.ordered(), o.reported())).toList());
            putMedian(m, "reportToAck", list.stream().filter(o -> o.acknowledged() != null)
                    .map(o -> Duration.between(o.reported(), o.acknowledged())).toList());
            putMedian(m, "orderToAck", list.stream().filter(o -> o.acknowledged() != null)
                    .map(o -> Duration.between(o.ordered(), o.acknowledged())).toList());
        });
        return body;
    }

    static void putMedian(ObjectNode n, String field, List<Duration> values) {
        if (values.isEmpty()) {
            n.putNull(field);
            return;
        }
        double[] minutes = values.stream().mapToDouble(d -> Math.max(0, d.toMillis()) / 60_000.0).sorted().toArray();
        int mid = minutes.length / 2;
        double median = minutes.length % 2 == 1 ? minutes[mid] : (minutes[mid - 1] + minutes[mid]) / 2;
        n.put(field, Math.round(median * 100) / 100.0);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static int days(String s) {
        if (s == null || s.isBlank()) {
            return 7;
        }
        try {
            int n = Integer.parseInt(s.trim());
            if (n >= 1 && n <= 366) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ApiError(400, "days must be a number from 1 to 366");
    }
}
