package org.mip.gateway.net.dimse;

import static org.mip.gateway.dicom.data.Tag.ActionTypeID;
import static org.mip.gateway.dicom.data.Tag.AffectedSOPClassUID;
import static org.mip.gateway.dicom.data.Tag.AffectedSOPInstanceUID;
import static org.mip.gateway.dicom.data.Tag.AttributeIdentifierList;
import static org.mip.gateway.dicom.data.Tag.CommandDataSetType;
import static org.mip.gateway.dicom.data.Tag.CommandField;
import static org.mip.gateway.dicom.data.Tag.ErrorComment;
import static org.mip.gateway.dicom.data.Tag.ErrorID;
import static org.mip.gateway.dicom.data.Tag.EventTypeID;
import static org.mip.gateway.dicom.data.Tag.MessageID;
import static org.mip.gateway.dicom.data.Tag.MessageIDBeingRespondedTo;
import static org.mip.gateway.dicom.data.Tag.MoveDestination;
import static org.mip.gateway.dicom.data.Tag.MoveOriginatorApplicationEntityTitle;
import static org.mip.gateway.dicom.data.Tag.MoveOriginatorMessageID;
import static org.mip.gateway.dicom.data.Tag.NumberOfCompletedSuboperations;
import static org.mip.gateway.dicom.data.Tag.NumberOfFailedSuboperations;
import static org.mip.gateway.dicom.data.Tag.NumberOfRemainingSuboperations;
import static org.mip.gateway.dicom.data.Tag.NumberOfWarningSuboperations;
import static org.mip.gateway.dicom.data.Tag.OffendingElement;
import static org.mip.gateway.dicom.data.Tag.Priority;
import static org.mip.gateway.dicom.data.Tag.RequestedSOPClassUID;
import static org.mip.gateway.dicom.data.Tag.RequestedSOPInstanceUID;
import static org.mip.gateway.dicom.data.Tag.Status;

import java.util.List;
import org.mip.gateway.net.dimse.DimseException.Reason;

/**
 * Encodes DIMSE commands to command sets and back. A command set is always Implicit VR Little Endian
 * (PS3.7 6.3.1): Command Group Length (0000,0000) UL first, then the other elements of group 0000 in
 * ascending tag order, UI values NUL-padded and AE/LO values space-padded to even length (PS3.5 6.2).
 * Field requirements follow the tables of PS3.7 9.3 and 10.3; Command Data Set Type (0000,0800) is
 * 0101H without a data set and 0001H with one (as DCMTK sends it; PS3.7 E.1 allows any other value).
 *
 * <p>Decoding is strict about structure (group length, order, value lengths) and about the fields a
 * message type requires, lenient about unknown or retired elements of group 0000, which are ignored.
 * Only {@link DimseException} escapes {@link #decode}.
 */
public final class CommandCodec {

    /** Command Data Set Type (0000,0800) value: no data set follows (PS3.7 E.1 Table E.1-1). */
    public static final int NO_DATA_SET = 0x0101;
    /** Command Data Set Type value this codec writes when a data set follows. */
    public static final int DATA_SET_PRESENT = 0x0001;

    private CommandCodec() {}

    // ---- encoding -----------------------------------------------------------------------------

    public static byte[] encode(DimseMessage message) {
        CommandSet cs = new CommandSet();
        cs.putUS(CommandField, message.commandField().code());
        cs.putUS(CommandDataSetType, message.hasDataSet() ? DATA_SET_PRESENT : NO_DATA_SET);
        if (message instanceof DimseRequest rq) {
            cs.putUS(MessageID, rq.messageId());
        } else if (message instanceof DimseResponse rsp) {
            cs.putUS(MessageIDBeingRespondedTo, rsp.messageIdBeingRespondedTo());
            cs.putUS(Status, rsp.status());
            putError(cs, rsp.error());
        }
        if (message instanceof CEchoRq m) {
            cs.putUI(AffectedSOPClassUID, m.affectedSopClassUid());
        } else if (message instanceof CEchoRsp m) {
            cs.putUI(AffectedSOPClassUID, m.affectedSopClassUid());
        } else if (message instanceof CStoreRq m) {
            cs.putUI(AffectedSOPClassUID, m.affectedSopClassUid());
            cs.putUI(AffectedSOPInstanceUID, m.affectedSopInstanceUid());
            cs.putUS(Priority, m.priority());
            cs.putText(MoveOriginatorApplicationEntityTitle, m.moveOriginatorAeTitle());
            cs.putUS(MoveOriginatorMessageID, m.moveOriginatorMessageId());
        } else if (message instanceof CStoreRsp m) {
            cs.putUI(AffectedSOPClassUID, m.affectedSopClassUid());
            cs.putUI(AffectedSOPInstanceUID, m.affectedSopInstanceUid());
        } else if (message instanceof CFindRq m) {
            cs.putUI(AffectedSOPClassUID, m.affectedSopClassUid());
            cs.putUS(Priority, m.priority());
        } else if (message instanceof CFindRsp m) {
            cs.putUI(AffectedSOPClassUID, m.affectedSopClassUid());
        } else if (message instanceof CGetRq m) {
            cs.putUI(AffectedSOPClassUID, m.affectedSopClassUid());
            cs.putUS(Priority, m.priority());
        } else if (message instanceof CGetRsp m) {
            cs.putUI(AffectedSOPClassUID, m.affectedSopClassUid());
            putSubOperations(cs, m.subOperations());
        } else if (message instanceof CMoveRq m) {
            cs.putUI(AffectedSOPClassUID, m.affectedSopClassUid());
            cs.putUS(Priority, m.priority());
            cs.putText(MoveDestination, m.moveDestination());
        } else if (message instanceof CMoveRsp m) {
            cs.putUI(AffectedSOPClassUID, m.affectedSopClassUid());
            putSubOperations(cs, m.subOperations());
        } else if (message instanceof CCancelRq m) {
            cs.putUS(MessageIDBeingRespondedTo, m.messageIdBeingRespondedTo());
        } else if (message instanceof NEventReportRq m) {
            cs.putUI(AffectedSOPClassUID, m.affectedSopClassUid());
            cs.putUI(AffectedSOPInstanceUID, m.affectedSopInstanceUid());
            cs.putUS(EventTypeID, m.eventTypeId());
        } else if (message instanceof NEventReportRsp m) {
            cs.putUI(AffectedSOPClassUID, m.affectedSopClassUid());
            cs.putUI(AffectedSOPInstanceUID, m.affectedSopInstanceUid());
            cs.putUS(EventTypeID, m.eventTypeId());
        } else if (message instanceof NGetRq m) {
            cs.putUI(RequestedSOPClassUID, m.requestedSopClassUid());
            cs.putUI(RequestedSOPInstanceUID, m.requestedSopInstanceUid());
            cs.putAT(AttributeIdentifierList, m.attributeIdentifierList());
        } else if (message instanceof NGetRsp m) {
            putAffected(cs, m.affectedSopClassUid(), m.affectedSopInstanceUid());
        } else if (message instanceof NSetRq m) {
            cs.putUI(RequestedSOPClassUID, m.requestedSopClassUid());
            cs.putUI(RequestedSOPInstanceUID, m.requestedSopInstanceUid());
        } else if (message instanceof NSetRsp m) {
            putAffected(cs, m.affectedSopClassUid(), m.affectedSopInstanceUid());
        } else if (message instanceof NActionRq m) {
            cs.putUI(RequestedSOPClassUID, m.requestedSopClassUid());
            cs.putUI(RequestedSOPInstanceUID, m.requestedSopInstanceUid());
            cs.putUS(ActionTypeID, m.actionTypeId());
        } else if (message instanceof NActionRsp m) {
            putAffected(cs, m.affectedSopClassUid(), m.affectedSopInstanceUid());
            cs.putUS(ActionTypeID, m.actionTypeId());
        } else if (message instanceof NCreateRq m) {
            putAffected(cs, m.affectedSopClassUid(), m.affectedSopInstanceUid());
        } else if (message instanceof NCreateRsp m) {
            putAffected(cs, m.affectedSopClassUid(), m.affectedSopInstanceUid());
        } else if (message instanceof NDeleteRq m) {
            cs.putUI(RequestedSOPClassUID, m.requestedSopClassUid());
            cs.putUI(RequestedSOPInstanceUID, m.requestedSopInstanceUid());
        } else if (message instanceof NDeleteRsp m) {
            putAffected(cs, m.affectedSopClassUid(), m.affectedSopInstanceUid());
        } else {
            throw new IllegalArgumentException("no encoding for " + message);
        }
        return cs.encode();
    }

    /**
     * The response to a request whose command field is unknown (see {@link
     * DimseException#isAnswerable()}): command field with bit 15 set, Message ID Being Responded To,
     * the Affected SOP Class UID when it was readable, no data set, status 0211H (PS3.7 C.5.x).
     */
    public static byte[] encodeUnrecognizedOperation(DimseException e) {
        if (!e.isAnswerable()) {
            throw new IllegalArgumentException("not an answerable command: " + e.getMessage());
        }
        CommandSet cs = new CommandSet();
        if (e.affectedSopClassUid() != null) {
            cs.putUI(AffectedSOPClassUID, e.affectedSopClassUid());
        }
        cs.putUS(CommandField, e.commandField() | org.mip.gateway.net.dimse.CommandField.RESPONSE_BIT);
        cs.putUS(MessageIDBeingRespondedTo, e.messageId());
        cs.putUS(CommandDataSetType, NO_DATA_SET);
        cs.putUS(Status, org.mip.gateway.net.dimse.Status.UnrecognizedOperation);
        return cs.encode();
    }

    private static void putAffected(CommandSet cs, String sopClassUid, String sopInstanceUid) {
        cs.putUI(AffectedSOPClassUID, sopClassUid);
        cs.putUI(AffectedSOPInstanceUID, sopInstanceUid);
    }

    private static void putError(CommandSet cs, ErrorInfo error) {
        cs.putAT(OffendingElement, error.offendingElements());
        cs.putText(ErrorComment, error.errorComment());
        cs.putUS(ErrorID, error.errorId());
        cs.putAT(AttributeIdentifierList, error.attributeIdentifierList());
    }

    private static void putSubOperations(CommandSet cs, SubOperations s) {
        cs.putUS(NumberOfRemainingSuboperations, s.remaining());
        cs.putUS(NumberOfCompletedSuboperations, s.completed());
        cs.putUS(NumberOfFailedSuboperations, s.failed());
        cs.putUS(NumberOfWarningSuboperations, s.warning());
    }

    // ---- decoding -----------------------------------------------------------------------------

    public static DimseMessage decode(byte[] commandSet) throws DimseException {
        return decode(commandSet, 0, commandSet.length);
    }

    public static DimseMessage decode(byte[] b, int offset, int length) throws DimseException {
        CommandSet cs = CommandSet.parse(b, offset, length);
        // context first, so that later errors can say which message they are about
        cs.commandField = cs.us(CommandField);
        cs.messageId = cs.us(MessageID);
        Integer dataSetType = cs.us(CommandDataSetType);
        cs.dataSetFollows = dataSetType != null && dataSetType != NO_DATA_SET;
        try {
            cs.affectedSopClassUid = cs.uid(AffectedSOPClassUID, "Affected SOP Class UID");
        } catch (DimseException e) {
            // reported below if the message type needs it
        }
        if (cs.commandField == null) {
            throw cs.missing(CommandField, "Command Field");
        }
        CommandField field = org.mip.gateway.net.dimse.CommandField.of(cs.commandField);
        if (field == null) {
            throw cs.error(Reason.UNKNOWN_COMMAND_FIELD, String.format("unknown Command Field %04XH",
                    cs.commandField));
        }
        if (dataSetType == null) {
            throw cs.missing(CommandDataSetType, "Command Data Set Type");
        }
        boolean ds = cs.dataSetFollows;
        try {
            return switch (field) {
                case C_ECHO_RQ -> ds ? noDataSet(cs, field) : new CEchoRq(messageId(cs), affectedClass(cs));
                case C_ECHO_RSP -> ds ? noDataSet(cs, field)
                        : new CEchoRsp(respondedTo(cs), cs.affectedSopClassUid, status(cs), error(cs));
                case C_STORE_RQ -> withDataSet(cs, field, new CStoreRq(messageId(cs), affectedClass(cs),
                        affectedInstance(cs), priority(cs),
                        cs.aeTitle(MoveOriginatorApplicationEntityTitle, "Move Originator Application Entity Title"),
                        cs.us(MoveOriginatorMessageID)));
                case C_STORE_RSP -> ds ? noDataSet(cs, field) : new CStoreRsp(respondedTo(cs),
                        cs.affectedSopClassUid, cs.uid(AffectedSOPInstanceUID, "Affected SOP Instance UID"),
                        status(cs), error(cs));
                case C_FIND_RQ -> withDataSet(cs, field, new CFindRq(messageId(cs), affectedClass(cs), priority(cs)));
                case C_FIND_RSP -> new CFindRsp(respondedTo(cs), cs.affectedSopClassUid, status(cs), error(cs), ds);
                case C_GET_RQ -> withDataSet(cs, field, new CGetRq(messageId(cs), affectedClass(cs), priority(cs)));
                case C_GET_RSP -> new CGetRsp(respondedTo(cs), cs.affectedSopClassUid, status(cs),
                        subOperations(cs), error(cs), ds);
                case C_MOVE_RQ -> withDataSet(cs, field, new CMoveRq(messageId(cs), affectedClass(cs),
                        priority(cs), moveDestination(cs)));
                case C_MOVE_RSP -> new CMoveRsp(respondedTo(cs), cs.affectedSopClassUid, status(cs),
                        subOperations(cs), error(cs), ds);
                case C_CANCEL_RQ -> ds ? noDataSet(cs, field) : new CCancelRq(respondedTo(cs));
                case N_EVENT_REPORT_RQ -> new NEventReportRq(messageId(cs), affectedClass(cs),
                        affectedInstance(cs), cs.requireUS(EventTypeID, "Event Type ID"), ds);
                case N_EVENT_REPORT_RSP -> new NEventReportRsp(respondedTo(cs), cs.affectedSopClassUid,
                        cs.uid(AffectedSOPInstanceUID, "Affected SOP Instance UID"), cs.us(EventTypeID),
                        status(cs), error(cs), ds);
                case N_GET_RQ -> ds ? noDataSet(cs, field) : new NGetRq(messageId(cs), requestedClass(cs),
                        requestedInstance(cs), cs.at(AttributeIdentifierList));
                case N_GET_RSP -> new NGetRsp(respondedTo(cs), cs.affectedSopClassUid,
                        cs.uid(AffectedSOPInstanceUID, "Affected SOP Instance UID"), status(cs), error(cs), ds);
                case N_SET_RQ -> withDataSet(cs, field, new NSetRq(messageId(cs), requestedClass(cs),
                        requestedInstance(cs)));
                case N_SET_RSP -> new NSetRsp(respondedTo(cs), cs.affectedSopClassUid,
                        cs.uid(AffectedSOPInstanceUID, "Affected SOP Instance UID"), status(cs), error(cs), ds);
                case N_ACTION_RQ -> new NActionRq(messageId(cs), requestedClass(cs), requestedInstance(cs),
                        cs.requireUS(ActionTypeID, "Action Type ID"), ds);
                case N_ACTION_RSP -> new NActionRsp(respondedTo(cs), cs.affectedSopClassUid,
                        cs.uid(AffectedSOPInstanceUID, "Affected SOP Instance UID"), cs.us(ActionTypeID),
                        status(cs), error(cs), ds);
                case N_CREATE_RQ -> new NCreateRq(messageId(cs), affectedClass(cs),
                        cs.uid(AffectedSOPInstanceUID, "Affected SOP Instance UID"), ds);
                case N_CREATE_RSP -> new NCreateRsp(respondedTo(cs), cs.affectedSopClassUid,
                        cs.uid(AffectedSOPInstanceUID, "Affected SOP Instance UID"), status(cs), error(cs), ds);
                case N_DELETE_RQ -> ds ? noDataSet(cs, field) : new NDeleteRq(messageId(cs), requestedClass(cs),
                        requestedInstance(cs));
                case N_DELETE_RSP -> ds ? noDataSet(cs, field) : new NDeleteRsp(respondedTo(cs),
                        cs.affectedSopClassUid, cs.uid(AffectedSOPInstanceUID, "Affected SOP Instance UID"),
                        status(cs), error(cs));
            };
        } catch (IllegalArgumentException e) {
            // a record's own check (e.g. an AE title of spaces only) on a value the reader let through
            throw cs.error(Reason.INVALID_FIELD, e.getMessage());
        }
    }

    private static <T extends DimseMessage> T withDataSet(CommandSet cs, CommandField field, T message)
            throws DimseException {
        if (!cs.dataSetFollows) {
            throw cs.error(Reason.INVALID_FIELD, field.dimseName() + " without a data set (Command Data Set Type 0101H)");
        }
        return message;
    }

    private static <T> T noDataSet(CommandSet cs, CommandField field) throws DimseException {
        throw cs.error(Reason.INVALID_FIELD, field.dimseName() + " announces a data set it cannot have");
    }

    private static int messageId(CommandSet cs) throws DimseException {
        if (cs.messageId == null) {
            throw cs.missing(MessageID, "Message ID");
        }
        return cs.messageId;
    }

    private static int respondedTo(CommandSet cs) throws DimseException {
        return cs.requireUS(MessageIDBeingRespondedTo, "Message ID Being Responded To");
    }

    private static int status(CommandSet cs) throws DimseException {
        return cs.requireUS(Status, "Status");
    }

    private static int priority(CommandSet cs) throws DimseException {
        int p = cs.requireUS(Priority, "Priority");
        if (!org.mip.gateway.net.dimse.Priority.isValid(p)) {
            throw cs.error(Reason.INVALID_FIELD, String.format("Priority %04XH", p));
        }
        return p;
    }

    private static String affectedClass(CommandSet cs) throws DimseException {
        return cs.requireUid(AffectedSOPClassUID, "Affected SOP Class UID");
    }

    private static String affectedInstance(CommandSet cs) throws DimseException {
        return cs.requireUid(AffectedSOPInstanceUID, "Affected SOP Instance UID");
    }

    private static String requestedClass(CommandSet cs) throws DimseException {
        return cs.requireUid(RequestedSOPClassUID, "Requested SOP Class UID");
    }

    private static String requestedInstance(CommandSet cs) throws DimseException {
        return cs.requireUid(RequestedSOPInstanceUID, "Requested SOP Instance UID");
    }

    private static String moveDestination(CommandSet cs) throws DimseException {
        String ae = cs.aeTitle(MoveDestination, "Move Destination");
        if (ae == null) {
            throw cs.missing(MoveDestination, "Move Destination");
        }
        return ae;
    }

    private static ErrorInfo error(CommandSet cs) throws DimseException {
        String comment = cs.string(ErrorComment);
        Integer errorId = cs.us(ErrorID);
        List<Integer> offending = cs.at(OffendingElement);
        List<Integer> attributes = cs.at(AttributeIdentifierList);
        if (comment == null && errorId == null && offending.isEmpty() && attributes.isEmpty()) {
            return ErrorInfo.NONE;
        }
        return new ErrorInfo(comment, errorId, offending, attributes);
    }

    private static SubOperations subOperations(CommandSet cs) throws DimseException {
        return new SubOperations(cs.us(NumberOfRemainingSuboperations), cs.us(NumberOfCompletedSuboperations),
                cs.us(NumberOfFailedSuboperations), cs.us(NumberOfWarningSuboperations));
    }
}
