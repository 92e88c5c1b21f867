package org.mip.gateway.net.dimse;

/** A DIMSE response; {@link #status()} is Status (0000,0900), see {@link Status}. */
public sealed interface DimseResponse extends DimseMessage
        permits CEchoRsp, CStoreRsp, CFindRsp, CGetRsp, CMoveRsp,
                NEventReportRsp, NGetRsp, NSetRsp, NActionRsp, NCreateRsp, NDeleteRsp {

    /** Message ID Being Responded To (0000,0120). */
    int messageIdBeingRespondedTo();

    int status();

    /** The status-related fields of PS3.7 Annex C (Error Comment, Error ID, Offending Element, ...). */
    ErrorInfo error();

    default Status.Category category() {
        return Status.category(status());
    }

    /** Whether more responses follow (status Pending, PS3.7 C.2). */
    default boolean isPending() {
        return Status.isPending(status());
    }
}
