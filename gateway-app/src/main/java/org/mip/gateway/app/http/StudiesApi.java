package org.mip.gateway.app.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.dicom.json.DicomJson;
import org.mip.gateway.storescp.query.StudyQuery;

/**
 * {@code GET /api/v1/studies?patientId=&accessionNumber=&date=}: what the archive holds, study level. A study
 * that was linked to a worklist item when it arrived carries that item's booking id in the private element
 * (0019,xx01) UV of creator {@value WorklistApi#PRIVATE_CREATOR}, as the worklist API's items carry their own
 * (DICOM JSON keys {@code 00190010} and {@code 00191001}).
 */
public final class StudiesApi {
    /** How {@code BookingWorklistLink} names a worklist item in the archive's links. */
    public static final String BOOKING_REF = "mwl:";

    private final Supplier<StudyQuery> query;

    public StudiesApi(Supplier<StudyQuery> query) {
        this.query = query;
    }

    public void routes(Router router) {
        router.get("/api/v1/studies").handler(this::list);
    }

    private void list(RoutingContext ctx) {
        Api.blocking(ctx, () -> {
            StudyQuery.Filter filter;
            try {
                filter = StudyQuery.Filter.of(ctx.request().getParam("patientId"),
                        ctx.request().getParam("accessionNumber"), ctx.request().getParam("date"));
                StudyQuery q = query.get();
                List<Attributes> studies = q.find(filter, 1000);
                List<String> uids = new ArrayList<>();
                studies.forEach(s -> uids.add(s.getString(Tag.StudyInstanceUID)));
                Map<String, List<String>> links = q.worklistLinks(uids);
                for (Attributes s : studies) {
                    long[] bookings = links.getOrDefault(s.getString(Tag.StudyInstanceUID), List.of()).stream()
                            .filter(r -> r.startsWith(BOOKING_REF)).mapToLong(StudiesApi::bookingId)
                            .filter(id -> id > 0).toArray();
                    if (bookings.length > 0) {
                        s.setLong(s.privateTag(WorklistApi.PRIVATE_CREATOR, 0x0019, 0x01, true), VR.UV, bookings);
                    }
                }
                return Api.Reply.dicomJson(200, DicomJson.toJson(studies));
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, e.getMessage());
            }
        });
    }

    private static long bookingId(String ref) {
        try {
            return Long.parseLong(ref.substring(BOOKING_REF.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
