package org.mip.gateway.net.client;

import java.util.Objects;
import java.util.concurrent.Executor;
import org.mip.gateway.net.service.ServiceRegistry;

/**
 * The services that answer requests the peer sends us on an association we requested, and the executor
 * they run on: e.g. a Storage Commitment SCU that takes the N-EVENT-REPORT-RQ on its N-ACTION's
 * association (PS3.4 J.3.3; no role selection is needed for that, the SCU having proposed the SOP
 * class in its default SCU role, PS3.7 D.3.3.4). The executor must not be a Netty event loop: a
 * service's response may have to wait while this end is sending a data set.
 */
public record IncomingServices(ServiceRegistry registry, Executor executor) {
    /** No services: requests from the peer are logged and not answered. */
    public static final IncomingServices NONE = new IncomingServices(ServiceRegistry.builder().build(), r -> {
        throw new IllegalStateException("no services");
    });

    public IncomingServices {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(executor, "executor");
    }
}
