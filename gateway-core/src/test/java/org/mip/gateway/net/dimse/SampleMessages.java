package org.mip.gateway.net.dimse;

import java.util.List;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.UID;

/** One or more messages of every type, with optional fields set and unset. */
final class SampleMessages {
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    static final String MWL = "1.2.840.10008.5.1.4.31";
    static final String MPPS = "1.2.840.10008.3.1.2.3.3";
    static final String INSTANCE = "1.2.826.0.1.3680043.2.1125.1.1";
    static final String STUDY_ROOT_MOVE = "1.2.840.10008.5.1.4.1.2.2.2";
    static final String COMMITMENT = "1.2.840.10008.1.20.1";
    static final String COMMITMENT_INSTANCE = "1.2.840.10008.1.20.1.1";

    private SampleMessages() {}

    static List<DimseMessage> all() {
        ErrorInfo full = new ErrorInfo("Performed Procedure Step Object may no longer be updated", 0xA710,
                List.of(Tag.PerformedProcedureStepStatus), List.of(Tag.PatientName, Tag.PatientID));
        return List.of(
                new CEchoRq(1, UID.Verification),
                new CEchoRsp(1, UID.Verification, Status.Success, ErrorInfo.NONE),
                new CEchoRsp(65535, null, Status.ProcessingFailure, ErrorInfo.comment("busy")),
                new CStoreRq(7, CT, INSTANCE, Priority.MEDIUM),
                new CStoreRq(8, CT, INSTANCE + "1", Priority.HIGH, "MOVESCU", 42),
                new CStoreRsp(7, CT, INSTANCE, Status.Success, ErrorInfo.NONE),
                new CStoreRsp(7, CT, INSTANCE, Status.CoercionOfDataElements,
                        new ErrorInfo("coerced", null, List.of(Tag.PatientName), List.of())),
                new CStoreRsp(9, null, null, Status.OutOfResources, ErrorInfo.comment("disk full")),
                new CFindRq(3, MWL, Priority.LOW),
                new CFindRsp(3, MWL, Status.Pending, ErrorInfo.NONE, true),
                new CFindRsp(3, MWL, Status.PendingWarning, ErrorInfo.NONE, true),
                new CFindRsp(3, MWL, Status.Success, ErrorInfo.NONE, false),
                new CFindRsp(3, MWL, Status.DataSetDoesNotMatchSOPClass,
                        new ErrorInfo("bad key", null, List.of(Tag.ScheduledProcedureStepSequence), List.of()), false),
                new CGetRq(4, "1.2.840.10008.5.1.4.1.2.2.3", Priority.MEDIUM),
                new CGetRsp(4, "1.2.840.10008.5.1.4.1.2.2.3", Status.Pending, new SubOperations(5, 1, 0, 0),
                        ErrorInfo.NONE, false),
                new CGetRsp(4, null, Status.SOPClassNotSupported, SubOperations.NONE, ErrorInfo.NONE, false),
                new CMoveRq(5, STUDY_ROOT_MOVE, Priority.MEDIUM, "STORESCP"),
                new CMoveRsp(5, STUDY_ROOT_MOVE, 0xB000, new SubOperations(0, 9, 1, 0), ErrorInfo.NONE, true),
                new CCancelRq(3),
                new NEventReportRq(11, COMMITMENT, COMMITMENT_INSTANCE, 1, true),
                new NEventReportRq(12, COMMITMENT, COMMITMENT_INSTANCE, 2, false),
                new NEventReportRsp(11, COMMITMENT, COMMITMENT_INSTANCE, 1, Status.Success, ErrorInfo.NONE, false),
                new NEventReportRsp(11, null, null, null, Status.NoSuchEventType, ErrorInfo.NONE, false),
                new NGetRq(13, MPPS, INSTANCE, List.of(Tag.PatientName, Tag.PerformedProcedureStepStatus)),
                new NGetRq(14, MPPS, INSTANCE, List.of()),
                new NGetRsp(13, MPPS, INSTANCE, Status.Success, ErrorInfo.NONE, true),
                new NSetRq(15, MPPS, INSTANCE),
                new NSetRsp(15, MPPS, INSTANCE, Status.Success, ErrorInfo.NONE, false),
                new NSetRsp(15, MPPS, INSTANCE, Status.ProcessingFailure, full, false),
                new NActionRq(16, COMMITMENT, COMMITMENT_INSTANCE, 1, true),
                new NActionRsp(16, COMMITMENT, COMMITMENT_INSTANCE, 1, Status.Success, ErrorInfo.NONE, false),
                new NActionRsp(16, null, null, null, Status.NoSuchAction, ErrorInfo.NONE, false),
                new NCreateRq(17, MPPS, INSTANCE, true),
                new NCreateRq(18, MPPS, null, false),
                new NCreateRsp(17, MPPS, INSTANCE, Status.Success, ErrorInfo.NONE, false),
                new NCreateRsp(18, MPPS, INSTANCE + "9", Status.AttributeListError,
                        new ErrorInfo(null, null, List.of(), List.of(Tag.PatientName)), true),
                new NDeleteRq(19, MPPS, INSTANCE),
                new NDeleteRsp(19, MPPS, INSTANCE, Status.NoSuchSOPInstance, ErrorInfo.NONE));
    }
}
