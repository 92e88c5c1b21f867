package org.mip.gateway.net.service;

import java.util.Objects;
import org.mip.gateway.net.dimse.DimseRequest;

/**
 * One request as a service sees it: the command, its data set (streaming; {@code null} when the
 * command has none), where it came from, its cancel token, and the way to send requests of our own to
 * the peer on the same association ({@link PeerRequests#NONE} where there is none).
 */
public record ServiceRequest(AssociationInfo association, int presentationContextId, DimseRequest command,
                             IncomingDataSet dataSet, CancelToken cancel, PeerRequests peer) {
    public ServiceRequest {
        Objects.requireNonNull(association, "association");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(cancel, "cancel");
        Objects.requireNonNull(peer, "peer");
        if (command.hasDataSet() != (dataSet != null)) {
            throw new IllegalArgumentException(command.commandField()
                    + (command.hasDataSet() ? " needs its data set" : " has no data set"));
        }
    }

    /** A request whose association cannot carry requests of ours. */
    public ServiceRequest(AssociationInfo association, int presentationContextId, DimseRequest command,
                          IncomingDataSet dataSet, CancelToken cancel) {
        this(association, presentationContextId, command, dataSet, cancel, PeerRequests.NONE);
    }
}
