package org.mip.gateway.mwl.scp;

import java.util.List;
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
        return List.of(new MwlFindScp(module::query, options), new MppsScp(module::mpps));
    }

    /** Adds {@link #of(WorklistModule)} to {@code registry}; returns it for chaining. */
    public static ServiceRegistry.Builder addTo(ServiceRegistry.Builder registry, WorklistModule module) {
        of(module).forEach(registry::add);
        return registry;
    }
}
