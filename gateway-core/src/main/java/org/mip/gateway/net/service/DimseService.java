package org.mip.gateway.net.service;

import java.util.Set;
import org.mip.gateway.net.dimse.CommandField;

/**
 * A service class provider for some SOP classes and DIMSE requests, registered in a {@link
 * ServiceRegistry} and called by the {@link DimseDispatcher} on a worker thread (never on a Netty event
 * loop: services may block on the database and the disk), unless it declares itself {@link #nonBlocking()}.
 *
 * <p>Contract of {@link #onRequest}: send the responses through {@code responder}, ending with exactly
 * one final (non-Pending) response; or throw {@link DimseStatusException} before the final response to
 * have the framework answer with that status and Error Comment. Any other exception is answered with a
 * generic failure (see {@code Status.unexpectedError}) and logged once by the framework. The data set,
 * if any, is closed (the rest discarded) by the framework afterwards.
 */
public interface DimseService {

    /** The SOP class UIDs this service serves. */
    Set<String> sopClasses();

    /** The request command fields this service handles for each of its SOP classes. */
    Set<CommandField> commandFields();

    void onRequest(ServiceRequest request, DimseResponder responder) throws Exception;

    /**
     * True when {@link #onRequest} for a request without a data set neither blocks nor does more than
     * a few microseconds of work (e.g. C-ECHO): the framework may then run it on the association's event
     * loop when nothing else of that association is in progress, saving two thread hand-offs per
     * request. Default: false (always on a worker thread).
     */
    default boolean nonBlocking() {
        return false;
    }
}
