package org.mip.gateway.app.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.mip.gateway.config.Hl7Config;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.dicom.io.DicomInputStream;
import org.mip.gateway.dicom.io.DicomParseException;
import org.mip.gateway.dicom.io.VrLookup;
import org.mip.gateway.dicom.json.DicomJson;
import org.mip.gateway.dicom.json.DicomJsonException;
import org.mip.gateway.mwl.Booking;
import org.mip.gateway.mwl.BookingException;
import org.mip.gateway.mwl.BookingFilter;
import org.mip.gateway.mwl.BookingResult;
import org.mip.gateway.mwl.BookingService;
import org.mip.gateway.mwl.SpsStatus;

/**
 * {@code /api/v1/worklist} (CONTRACT.md): bookings in as DICOM JSON or Part 10, out as DICOM JSON.
 * Each item returned carries its booking id in the private element (0019,xx01) of creator
 * {@value #PRIVATE_CREATOR}, so that a client listing the worklist can address an item.
 */
public final class WorklistApi {
    public static final String PRIVATE_CREATOR = "MIPGW 1.0";
    static final int MAX_BODY = 16 * 1024 * 1024;

    private final Supplier<BookingService> bookings;
    private final Hl7Config hl7;

    public WorklistApi(Supplier<BookingService> bookings, Hl7Config hl7) {
        this.bookings = bookings;
        this.hl7 = hl7;
    }

    public void routes(Router router) {
        router.post("/api/v1/worklist").handler(BodyHandler.create().setBodyLimit(MAX_BODY)).handler(this::post);
        router.get("/api/v1/worklist").handler(this::list);
        router.get("/api/v1/worklist/:id").handler(this::get);
        router.delete("/api/v1/worklist/:id").handler(this::delete);
    }

    private void post(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        String referrer = ctx.request().getParam("referrer");
        String actor = Api.actor(ctx);
        ctx.put(AuditApi.AUDITED, true); // BookingService audits the booking with its patient
        Api.blocking(ctx, () -> {
            if (referrer != null && hl7.referrer(referrer).isEmpty()) {
                throw new ApiError(400, "unknown referrer '" + referrer + "': it is not an id in hl7.referrers");
            }
            Attributes item = parse(type, body);
            BookingResult r;
            try {
                r = bookings.get().book(item, referrer, actor);
            } catch (BookingException e) {
                throw new ApiError(400, e.getMessage(), Tag.toString(e.tag()));
            }
            Api.Reply reply = Api.Reply.dicomJson(r.created() ? 201 : 200, DicomJson.toJson(withId(r.booking())));
            return reply.at("/api/v1/worklist/" + r.booking().id());
        });
    }

    static Attributes parse(String contentType, byte[] body) {
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (body.length == 0) {
            throw new ApiError(400, "empty body: send one MWL item as application/dicom+json or application/dicom");
        }
        switch (type) {
            case "application/dicom+json", "application/json" -> {
                try {
                    String json = new String(body, java.nio.charset.StandardCharsets.UTF_8).trim();
                    if (json.startsWith("[")) {
                        List<Attributes> items = DicomJson.parseArray(json);
                        if (items.size() != 1) {
                            throw new ApiError(400, "expected one MWL item, got an array of " + items.size());
                        }
                        return items.get(0);
                    }
                    return DicomJson.parse(json);
                } catch (DicomJsonException e) {
                    throw new ApiError(400, "invalid DICOM JSON: " + e.getMessage(),
                            e.tag() == -1 ? null : Tag.toString(e.tag()));
                }
            }
            case "application/dicom" -> {
                try (DicomInputStream in = DicomInputStream.open(new ByteArrayInputStream(body), body.length,
                        VrLookup.standard())) {
                    return in.readFile().dataset();
                } catch (DicomParseException e) {
                    throw new ApiError(400, "invalid DICOM data: " + e.getMessage());
                } catch (IOException e) {
                    throw new ApiError(400, "cannot read the DICOM body: " + e.getMessage());
                }
            }
            default -> throw new ApiError(415, "unsupported Content-Type '" + contentType
                    + "': use application/dicom+json or application/dicom");
        }
    }

    private void list(RoutingContext ctx) {
        Api.blocking(ctx, () -> {
            BookingFilter filter = new BookingFilter(
                    date(ctx.request().getParam("date")),
                    blankToNull(ctx.request().getParam("modality")),
                    blankToNull(ctx.request().getParam("station")),
                    status(ctx.request().getParam("status")),
                    limit(ctx.request().getParam("limit")));
            List<Attributes> items = new ArrayList<>();
            java.util.Set<String> patients = new java.util.TreeSet<>();
            for (Booking b : bookings.get().list(filter)) {
                items.add(withId(b));
                String pid = b.item().getString(Tag.PatientID);
                if (pid != null) {
                    patients.add(pid);
                }
            }
            // PS3.15 A.5.3 Query (110112): one event per query; the patient when the answer concerns only one
            ctx.put(AuditApi.ACTION, org.mip.gateway.audit.AuditVocabulary.WORKLIST_QUERY);
            ctx.put(AuditApi.DETAIL, items.size() + " item(s); patients " + String.join(",", patients));
            if (patients.size() == 1) {
                ctx.put(AuditApi.PATIENT, patients.iterator().next());
            }
            return Api.Reply.dicomJson(200, DicomJson.toJson(items));
        });
    }

    private void get(RoutingContext ctx) {
        Api.blocking(ctx, () -> {
            long id = id(ctx);
            return bookings.get().get(id)
                    .map(b -> Api.Reply.dicomJson(200, DicomJson.toJson(withId(b))))
                    .orElseThrow(() -> new ApiError(404, "no worklist item " + id));
        });
    }

    private void delete(RoutingContext ctx) {
        String actor = Api.actor(ctx);
        ctx.put(AuditApi.AUDITED, true); // BookingService audits the cancellation with its patient
        Api.blocking(ctx, () -> {
            long id = id(ctx);
            return bookings.get().cancel(id, actor)
                    .map(b -> Api.Reply.empty(204))
                    .orElseThrow(() -> new ApiError(404, "no worklist item " + id));
        });
    }

    /** The item with its booking id in a private element (PS3.5 7.8.1: creator in (0019,0010)). */
    static Attributes withId(Booking b) {
        Attributes a = new Attributes(b.item());
        int tag = a.privateTag(PRIVATE_CREATOR, 0x0019, 0x01, true);
        a.setLong(tag, VR.UV, b.id());
        return a;
    }

    private static long id(RoutingContext ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new ApiError(404, "no worklist item " + ctx.pathParam("id"));
        }
    }

    private static LocalDate date(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(s.trim(), DateTimeFormatter.BASIC_ISO_DATE);
        } catch (DateTimeParseException e) {
            throw new ApiError(400, "date must be YYYYMMDD, not '" + s + "'");
        }
    }

    private static SpsStatus status(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return SpsStatus.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "status must be one of " + java.util.Arrays.toString(SpsStatus.values()));
        }
    }

    private static int limit(String s) {
        if (s == null || s.isBlank()) {
            return 1000;
        }
        try {
            int n = Integer.parseInt(s.trim());
            if (n >= 1 && n <= 100_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ApiError(400, "limit must be a number from 1 to 100000");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
