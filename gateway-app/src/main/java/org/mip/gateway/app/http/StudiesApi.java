package org.mip.gateway.app.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;
import org.mip.gateway.dicom.json.DicomJson;
import org.mip.gateway.storescp.query.StudyQuery;

/** {@code GET /api/v1/studies?patientId=&accessionNumber=&date=}: what the archive holds, study level. */
public final class StudiesApi {
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
                return Api.Reply.dicomJson(200, DicomJson.toJson(query.get().find(filter, 1000)));
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, e.getMessage());
            }
        });
    }
}
