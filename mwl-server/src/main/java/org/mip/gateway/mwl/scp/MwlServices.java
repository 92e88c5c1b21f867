package org.mip.gateway.mwl.scp;

import java.util.List;
import org.mip.gateway.audit.AuditSink;
import org.mip.gateway.metrics.DicomMetrics;
import org.mip.gateway.mwl.WorklistModule;
import org.mip.gateway.mwl.query.QueryOptions;
import org.mip.gateway.net.service.DimseService;
import org.mip.gateway.net.service.ServiceRegistry;

/**
 * The DICOM services of the worklist module, for the gateway's one {@link ServiceRegistry}: the MWL C-FIND SCP
 * and the MPPS SCP. They look the module's engines up per request, so they may be registered before
 * {@link WorklistModule#start()}.
 */
public final class MwlServices {
    private MwlServices() {}

    /** MWL C-FIND (default query options) and MPPS N-CREATE/N-SET over {@code module}. */
    public static List<DimseService> of(WorklistModule module) {
        return of(module, null);
    }

    /** As {@link #of(WorklistModule)}, with {@code options} for C-FIND ({@code null} = the engine's defaults). */
    public static List<DimseService> of(WorklistModule module, QueryOptions options) {
        return of(module, options, DicomMetrics.noop(), AuditSink.NONE);
    }

    /**
     * As {@link #of(WorklistModule, QueryOptions)}, with the C-FIND latency in {@code metrics} and each query's
     * PS3.15 Query event in {@code audit} (MPPS audits through the module's own audit log).
     */
    public static List<DimseService> of(WorklistModule module, QueryOptions options, DicomMetrics metrics,
            AuditSink audit) {
        return List.of(new MwlFindScp(module::query, options, metrics, audit), new MppsScp(module::mpps));
    }

    /** Adds {@link #of(WorklistModule)} to {@code registry}; returns it for chaining. */
    public static ServiceRegistry.Builder addTo(ServiceRegistry.Builder registry, WorklistModule module) {
        of(module).forEach(registry::add);
        return registry;
    }

    /** Adds {@link #of(WorklistModule, QueryOptions, DicomMetrics, AuditSink)} (default options) to {@code registry}. */
    public static ServiceRegistry.Builder addTo(ServiceRegistry.Builder registry, WorklistModule module,
            DicomMetrics metrics, AuditSink audit) {
        of(module, null, metrics, audit).forEach(registry::add);
        return registry;
    }
}
