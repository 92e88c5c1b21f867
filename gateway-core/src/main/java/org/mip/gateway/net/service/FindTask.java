package org.mip.gateway.net.service;

import java.io.IOException;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.net.dimse.CFindRq;
import org.mip.gateway.net.dimse.ErrorInfo;
import org.mip.gateway.net.dimse.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a C-FIND to its end (PS3.4 C.4.1.3, PS3.7 9.1.2): one Pending response per match with the match
 * as Identifier (FF00H, or FF01H when the cursor did not support all optional keys), then the final
 * response without Identifier: Success; Cancel (FE00H) when a C-CANCEL-RQ came first; the status of a
 * {@link DimseStatusException} from the cursor; or {@link Status#UnexpectedError} (logged once) for any
 * other failure. The cursor is closed in every case. When the association is gone (a send fails) it
 * stops without further responses.
 *
 * <p>Back-pressure: matches are produced one at a time as {@link DimseResponder#send} accepts them.
 */
public final class FindTask {
    private static final Logger LOG = LoggerFactory.getLogger(FindTask.class);

    /** What {@link #run()} returns when no final response could be sent. */
    public static final int NO_FINAL_RESPONSE = -1;

    private final ServiceRequest request;
    private final CFindRq command;
    private final FindCursor cursor;
    private final DimseResponder responder;
    private int matches;

    public FindTask(ServiceRequest request, FindCursor cursor, DimseResponder responder) {
        if (!(request.command() instanceof CFindRq rq)) {
            throw new IllegalArgumentException("not a C-FIND-RQ: " + request.command());
        }
        this.request = request;
        this.command = rq;
        this.cursor = cursor;
        this.responder = responder;
    }

    /** Sends the responses; returns the final status sent, or {@link #NO_FINAL_RESPONSE}. */
    public int run() {
        int status;
        ErrorInfo error = ErrorInfo.NONE;
        try {
            status = sendMatches();
        } catch (IOException e) {
            LOG.debug("C-FIND from {}: association gone after {} matches: {}", request.association(), matches,
                    e.toString());
            closeCursor();
            return NO_FINAL_RESPONSE;
        } catch (DimseStatusException e) {
            status = e.status();
            error = e.errorInfo();
            LOG.info("C-FIND from {} ends with {} after {} matches", request.association(), Status.toString(status),
                    matches);
        } catch (RuntimeException e) {
            status = Status.UnexpectedError;
            error = ErrorInfo.comment(Status.name(status));
            LOG.warn("C-FIND for {} from {} failed after {} matches", command.affectedSopClassUid(),
                    request.association(), matches, e);
        }
        closeCursor();
        try {
            responder.send(command.response(status, error), null);
            return status;
        } catch (IOException e) {
            LOG.debug("C-FIND from {}: final response not sent: {}", request.association(), e.toString());
            return NO_FINAL_RESPONSE;
        }
    }

    /** The number of Pending responses sent. */
    public int matches() {
        return matches;
    }

    private int sendMatches() throws IOException {
        while (true) {
            if (request.cancel().isCancelled()) {
                LOG.info("C-FIND from {} cancelled after {} matches", request.association(), matches);
                return Status.Cancel;
            }
            if (!cursor.hasNext()) {
                // a C-CANCEL may have stopped the cursor after the check above: then the list is not complete
                if (request.cancel().isCancelled()) {
                    continue;
                }
                LOG.debug("C-FIND from {}: {} matches", request.association(), matches);
                return Status.Success;
            }
            Attributes match;
            try {
                match = cursor.next();
            } catch (RuntimeException e) {
                if (request.cancel().isCancelled()) {
                    continue; // the cancelled cursor had nothing more to give
                }
                throw e;
            }
            if (request.cancel().isCancelled()) {
                continue;
            }
            responder.send(command.pending(cursor.optionalKeysSupported()), match);
            matches++;
        }
    }

    private void closeCursor() {
        try {
            cursor.close();
        } catch (Exception e) {
            LOG.warn("closing the C-FIND cursor failed", e);
        }
    }
}
