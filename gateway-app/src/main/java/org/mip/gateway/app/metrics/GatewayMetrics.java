package org.mip.gateway.app.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.mip.gateway.audit.AuditEvent;
import org.mip.gateway.metrics.DicomMetrics;
import org.mip.gateway.metrics.DicomMetrics.AssociationOutcome;

/**
 * The process's meters: a Prometheus registry scraped at {@code GET /metrics} (text format 0.0.4), the
 * JVM binders (memory, GC, threads, class loading, processor, uptime), and the gateway's own meters,
 * all named {@code mipgw.*} (Prometheus {@code mipgw_*}). A registry given by the caller (tests, an
 * embedding application) keeps receiving every meter beside the Prometheus one.
 */
public final class GatewayMetrics implements AutoCloseable {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry prometheus;
    private final MeterRegistry registry;
    private final DicomMetrics dicom;
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public GatewayMetrics(MeterRegistry given) {
        if (given instanceof PrometheusMeterRegistry p) {
            prometheus = p;
            registry = p;
        } else {
            prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            CompositeMeterRegistry both = new CompositeMeterRegistry();
            both.add(prometheus);
            if (given != null) {
                both.add(given);
            }
            registry = both;
        }
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        dicom = new DicomMetrics(registry);
    }

    /** Where modules register their meters. */
    public MeterRegistry registry() {
        return registry;
    }

    public DicomMetrics dicom() {
        return dicom;
    }

    public String scrape() {
        return prometheus.scrape();
    }

    /**
     * Counts an association event as the upper layer audits it (see {@code UpperLayerHandler}): accepted
     * and released are successes, a rejection is REJECTED, an abort is a FAILURE.
     */
    public void association(AuditEvent.Outcome outcome, String detail) {
        String d = detail == null ? "" : detail;
        switch (outcome) {
            case REJECTED -> dicom.association(AssociationOutcome.REJECTED);
            case FAILURE -> dicom.association(AssociationOutcome.ABORTED);
            case SUCCESS -> {
                if (d.startsWith("accepted") || d.startsWith("established")) {
                    dicom.association(AssociationOutcome.ACCEPTED);
                } else if (d.startsWith("RELEASED")) {
                    dicom.association(AssociationOutcome.RELEASED);
                }
            }
        }
    }

    public void routes(Router router) {
        router.get("/metrics").handler(this::metrics);
    }

    private void metrics(RoutingContext ctx) {
        ctx.vertx().executeBlocking(this::scrape, false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            ctx.response().putHeader("Content-Type", CONTENT_TYPE).putHeader("Cache-Control", "no-store").end(ar.result());
        });
    }

    @Override
    public void close() {
        gc.close();
    }
}
