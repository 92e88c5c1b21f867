package org.mip.gateway.net.service;

import java.io.IOException;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.net.dimse.DimseResponse;

/**
 * How a service answers the request it serves; implemented by the association layer, which encodes the
 * data set in the presentation context's transfer syntax, splits the message with a {@code DimseWriter}
 * and writes the P-DATA-TF PDUs.
 *
 * <p>Called from the worker thread that runs the service. {@code send} may block while the channel is
 * not writable (that is the back-pressure towards a service producing many C-FIND matches) and throws
 * an {@link IOException} once the association is gone: the service then stops.
 */
@FunctionalInterface
public interface DimseResponder {

    /**
     * Sends {@code response}; {@code dataSet} must be given exactly when {@code response.hasDataSet()}.
     */
    void send(DimseResponse response, Attributes dataSet) throws IOException;
}
