package org.mip.gateway.mwl.scp;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.mip.gateway.db.DatabaseException;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.mwl.Uids;
import org.mip.gateway.mwl.mpps.MppsException;
import org.mip.gateway.mwl.mpps.MppsResult;
import org.mip.gateway.mwl.mpps.MppsService;
import org.mip.gateway.net.dimse.CommandField;
import org.mip.gateway.net.dimse.ErrorInfo;
import org.mip.gateway.net.dimse.NCreateRq;
import org.mip.gateway.net.dimse.NCreateRsp;
import org.mip.gateway.net.dimse.NSetRq;
import org.mip.gateway.net.dimse.Status;
import org.mip.gateway.net.service.DimseResponder;
import org.mip.gateway.net.service.DimseService;
import org.mip.gateway.net.service.DimseStatusException;
import org.mip.gateway.net.service.ServiceRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Modality Performed Procedure Step SCP (PS3.4 F.7, SOP class 1.2.840.10008.3.1.2.3.3): N-CREATE and N-SET
 * decode the Attribute / Modification List and go to {@link MppsService}, which moves the linked worklist items
 * (PS3.4 F.7.2.1.2, F.7.2.2.2).
 *
 * <ul>
 *   <li>N-CREATE without Affected SOP Instance UID: the SCP assigns one ({@code 2.25.<UUID as decimal>}, PS3.5
 *       B.2) and returns it in the N-CREATE-RSP (PS3.7 10.3.5.1.3/10.3.5.2). No Attribute List is returned (it
 *       is optional in the response).</li>
 *   <li>A refusal by {@link MppsService} ({@link MppsException}) is answered with its status and the status
 *       fields of PS3.7 C.4: Error Comment (0000,0902), Error ID (0000,0903) where PS3.4 defines one (e.g.
 *       0110H + A710H once the step is COMPLETED or DISCONTINUED, PS3.4 F.7.2.2.3, Table F.7.2-2), and the
 *       attribute to blame as Offending Element (0000,0901).</li>
 *   <li>A data set that cannot be decoded, and a database failure, are 0110H Processing failure (the
 *       N-services have no "unable to process" Cxxx range, PS3.7 C.5).</li>
 * </ul>
 *
 * <p>Each accepted N-CREATE and N-SET is audited by {@link MppsService} as PS3.15 A.5.3.15 "Procedure Record"
 * with the calling AE title as actor and the performed step's Patient ID.
 */
public final class MppsScp implements DimseService {
    private static final Logger log = LoggerFactory.getLogger(MppsScp.class);

    private final Supplier<MppsService> mpps;

    /** @param mpps the MPPS logic, resolved per request (e.g. {@code worklistModule::mpps}) */
    public MppsScp(Supplier<MppsService> mpps) {
        this.mpps = Objects.requireNonNull(mpps, "mpps");
    }

    @Override
    public Set<String> sopClasses() {
        return Set.of(UID.ModalityPerformedProcedureStep);
    }

    @Override
    public Set<CommandField> commandFields() {
        return EnumSet.of(CommandField.N_CREATE_RQ, CommandField.N_SET_RQ);
    }

    @Override
    public void onRequest(ServiceRequest request, DimseResponder responder) throws IOException {
        if (request.command() instanceof NCreateRq rq) {
            nCreate(request, rq, responder);
        } else if (request.command() instanceof NSetRq rq) {
            nSet(request, rq, responder);
        } else {
            throw new DimseStatusException(Status.UnrecognizedOperation,
                    ErrorInfo.comment(request.command().commandField() + " not supported"));
        }
    }

    private void nCreate(ServiceRequest request, NCreateRq rq, DimseResponder responder) throws IOException {
        // PS3.7 10.3.5: the SCP assigns the SOP Instance UID when the request has none
        String uid = rq.affectedSopInstanceUid() != null && !rq.affectedSopInstanceUid().isBlank()
                ? rq.affectedSopInstanceUid() : Uids.random();
        Attributes attrs = request.dataSet() != null ? decode(request) : new Attributes();
        int status = Status.Success;
        ErrorInfo error = ErrorInfo.NONE;
        try {
            MppsResult r = service().create(uid, attrs, request.association().callingAeTitle(),
                    request.association().remoteAddress());
            log.info("MPPS N-CREATE from {}: {} linked to {} worklist item(s)", request.association(), r.status(),
                    r.linkedSpsIds().size());
        } catch (MppsException e) {
            status = e.status();
            error = errorInfo(e);
            log.info("MPPS N-CREATE from {} refused: {}: {}", request.association(), Status.toString(status),
                    error.errorComment());
        } catch (DatabaseException e) {
            throw databaseFailure(e);
        }
        responder.send(new NCreateRsp(rq.messageId(), rq.affectedSopClassUid(), uid, status, error, false), null);
    }

    private void nSet(ServiceRequest request, NSetRq rq, DimseResponder responder) throws IOException {
        Attributes mods = decode(request);
        try {
            MppsResult r = service().set(rq.requestedSopInstanceUid(), mods, request.association().callingAeTitle(),
                    request.association().remoteAddress());
            log.info("MPPS N-SET from {}: {}", request.association(), r.status());
        } catch (MppsException e) { // logged once, by the dispatcher
            throw new DimseStatusException(e.status(), errorInfo(e), e);
        } catch (DatabaseException e) {
            throw databaseFailure(e);
        }
        responder.send(rq.response(Status.Success), null);
    }

    private MppsService service() {
        try {
            return mpps.get();
        } catch (IllegalStateException e) { // the worklist module is not started (yet, or any more)
            throw new DimseStatusException(Status.ProcessingFailure, ErrorInfo.comment("MPPS not available"), e);
        }
    }

    private static Attributes decode(ServiceRequest request) {
        try {
            return request.dataSet().read();
        } catch (IOException e) {
            throw new DimseStatusException(Status.ProcessingFailure,
                    ErrorInfo.comment("Attribute list not decodable"), e);
        }
    }

    private static DimseStatusException databaseFailure(DatabaseException e) {
        log.warn("MPPS: worklist database failed: {}", e.getMessage());
        return new DimseStatusException(Status.ProcessingFailure, ErrorInfo.comment("Worklist database unavailable"),
                e);
    }

    /** PS3.7 C.4: Error Comment, Error ID (when PS3.4 defines one) and the Offending Element. */
    static ErrorInfo errorInfo(MppsException e) {
        return new ErrorInfo(e.comment(), e.errorId() >= 0 ? e.errorId() : null,
                e.tag() >= 0 ? List.of(e.tag()) : List.of(), List.of());
    }

    @Override
    public String toString() {
        return "MppsScp";
    }
}
