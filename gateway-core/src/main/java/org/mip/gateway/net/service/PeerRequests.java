package org.mip.gateway.net.service;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.net.dimse.DimseRequest;
import org.mip.gateway.net.dimse.Reply;

/**
 * Requests a service sends to the peer on the association its request came on, and their responses: an
 * SCP invoking a DIMSE operation of its SOP class on its SCU, e.g. the Storage Commitment SCP's
 * N-EVENT-REPORT-RQ on the N-ACTION's association (PS3.4 J.3.3). Roles are not checked here: the
 * caller sends only what its role in the SOP class invokes (PS3.7 D.3.3.4 gives the acceptor the SCP
 * role unless negotiated otherwise). Thread-safe; obtained from {@link ServiceRequest#peer()}.
 */
public interface PeerRequests {

    /**
     * Whether a request may start now: the association is established and ready for data transfer
     * (PS3.8 Sta6) and neither end has asked to release it. A peer that has sent A-RELEASE-RQ may send
     * nothing but A-ABORT until its release completes (PS3.8 7.2.2), so it could not answer.
     */
    boolean isOpen();

    /**
     * Sends the request {@code request} builds from a Message ID that no outstanding request of ours on
     * this association has, with {@code dataSet} (given exactly when the request announces one) encoded
     * in the transfer syntax of the accepted presentation context of its SOP class (the one the
     * service's request came on when it is for that class). The response is matched by Message ID Being
     * Responded To and never reaches the services.
     *
     * @return the final response and its data set; fails with an {@link IOException} when the request
     *     cannot be sent (no presentation context for its SOP class, association not {@link #isOpen()})
     *     or the association is released or aborted before the response, with a {@link
     *     java.util.concurrent.TimeoutException} when no response comes within {@code timeout}
     */
    CompletableFuture<Reply> send(IntFunction<? extends DimseRequest> request, Attributes dataSet, Duration timeout);

    /** No association to send on (unit tests, requests not received over the network). */
    PeerRequests NONE = new PeerRequests() {
        @Override
        public boolean isOpen() {
            return false;
        }

        @Override
        public CompletableFuture<Reply> send(IntFunction<? extends DimseRequest> request, Attributes dataSet,
                                             Duration timeout) {
            return CompletableFuture.failedFuture(new IOException("no association to send on"));
        }
    };
}
