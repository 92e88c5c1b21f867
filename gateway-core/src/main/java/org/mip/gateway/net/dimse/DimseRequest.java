package org.mip.gateway.net.dimse;

/** A DIMSE request that expects a response with Message ID Being Responded To = {@link #messageId()}. */
public sealed interface DimseRequest extends DimseMessage
        permits CEchoRq, CStoreRq, CFindRq, CGetRq, CMoveRq,
                NEventReportRq, NGetRq, NSetRq, NActionRq, NCreateRq, NDeleteRq {

    /** Message ID (0000,0110). */
    int messageId();

    /** The SOP class the request is for: its Affected or Requested SOP Class UID. */
    String sopClassUid();

    /** The SOP instance the request is for (Affected or Requested SOP Instance UID), or {@code null}. */
    String sopInstanceUid();

    /**
     * A response to this request without a data set, carrying {@code status} and {@code error}; the
     * SOP class and instance UIDs are echoed where the response has them. Used for final statuses and
     * for failures the framework reports on a service's behalf.
     */
    DimseResponse response(int status, ErrorInfo error);

    default DimseResponse response(int status) {
        return response(status, ErrorInfo.NONE);
    }
}
