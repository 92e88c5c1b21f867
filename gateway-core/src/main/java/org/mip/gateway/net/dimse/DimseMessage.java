package org.mip.gateway.net.dimse;

/**
 * A DIMSE message's command (PS3.7 6.3): one record per message type, encoded and decoded by
 * {@link CommandCodec}. The data set that may follow the command is not part of the record; {@link
 * #hasDataSet()} tells whether one follows (Command Data Set Type (0000,0800) other than 0101H).
 *
 * <p>Field names mirror PS3.7 (Affected SOP Class UID is {@code affectedSopClassUid}, Message ID Being
 * Responded To is {@code messageIdBeingRespondedTo}); numbers are unsigned 16-bit values held in
 * {@code int}s. C-CANCEL-RQ is neither a {@link DimseRequest} (it has no Message ID and gets no response)
 * nor a {@link DimseResponse}.
 */
public sealed interface DimseMessage permits DimseRequest, DimseResponse, CCancelRq {

    CommandField commandField();

    /** Whether a data set follows this command on the same presentation context. */
    boolean hasDataSet();
}
