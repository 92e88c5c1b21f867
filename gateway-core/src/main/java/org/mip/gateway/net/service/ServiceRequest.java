package org.mip.gateway.net.service;

import java.util.Objects;
import org.mip.gateway.net.dimse.DimseRequest;

/**
 * One request as a service sees it: the command, its data set (streaming; {@code null} when the
 * command has none), where it came from and its cancel token.
 */
public record ServiceRequest(AssociationInfo association, int presentationContextId, DimseRequest command,
                             IncomingDataSet dataSet, CancelToken cancel) {
    public ServiceRequest {
        Objects.requireNonNull(association, "association");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(cancel, "cancel");
        if (command.hasDataSet() != (dataSet != null)) {
            throw new IllegalArgumentException(command.commandField()
                    + (command.hasDataSet() ? " needs its data set" : " has no data set"));
        }
    }
}
