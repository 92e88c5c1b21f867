package org.mip.gateway.net.dimse;

import java.util.HashMap;
import java.util.Map;

/**
 * DIMSE status codes (Status (0000,0900)) as data: each known code with its category and a name for
 * logs. Categories follow PS3.7 Annex C: Success (C.1) 0000H; Pending (C.2) FF00H/FF01H; Cancel (C.3)
 * FE00H; Warning (C.4) 0001H, Bxxx, 0107H, 0116H; Failure (C.5) everything else, notably 01xxH, 02xxH,
 * Axxx and Cxxx. Service-class-specific meanings are in PS3.4.
 *
 * <p>Codes used by the gateway's services:
 * <ul>
 *   <li>Storage (PS3.4 B.2.3): 0000H; warnings B000H coercion, B007H data set does not match SOP
 *       class, B006H elements discarded; failures A7xxH out of resources, A9xxH data set does not match
 *       SOP class, Cxxx cannot understand, 0122H SOP class not supported, 0124H not authorized.</li>
 *   <li>Query C-FIND, including Modality Worklist (PS3.4 C.4.1.1.4, K.4.1.1.4): 0000H, FF00H pending,
 *       FF01H pending with optional keys not supported, FE00H cancel, A700H out of resources, A900H
 *       identifier does not match SOP class, Cxxx unable to process, 0122H.</li>
 *   <li>MPPS N-CREATE/N-SET (PS3.4 F.7.2.1, F.7.2.2, with the general codes of PS3.7 10.1): 0000H;
 *       warnings 0107H attribute list error, 0116H attribute value out of range; failures 0105H no such
 *       attribute, 0106H invalid attribute value, 0110H processing failure (N-SET on a step that is no
 *       longer IN PROGRESS: Error Comment "Performed Procedure Step Object may no longer be updated",
 *       Error ID A710H, PS3.4 F.7.2.2.4), 0111H duplicate SOP instance, 0112H no such SOP instance,
 *       0117H invalid SOP instance, 0118H no such SOP class, 0119H class-instance conflict, 0120H missing
 *       attribute, 0121H missing attribute value, 0124H not authorized, 0210H-0213H.</li>
 * </ul>
 *
 * <p>Gateway conventions inside the "unable to process"/"cannot understand" range Cxxx of the C-services
 * (never sent in N-service responses, where UPS gives C3xx other meanings, PS3.4 CC.2): {@link
 * #UnableToDecodeDataSet} C310H and {@link #UnexpectedError} C311H. For C-ECHO and the N-services an
 * unexpected error is {@link #ProcessingFailure} 0110H; see {@link #unexpectedError(CommandField)}.
 */
public final class Status {

    /** The status categories of PS3.7 Annex C. */
    public enum Category {
        SUCCESS, WARNING, FAILURE, CANCEL, PENDING
    }

    public static final int Success = 0x0000;
    public static final int Pending = 0xFF00;
    /** C-FIND pending: one or more optional keys were not supported for existence or matching. */
    public static final int PendingWarning = 0xFF01;
    public static final int Cancel = 0xFE00;

    /** Requested optional attributes are not supported (warning). */
    public static final int OptionalAttributesNotSupported = 0x0001;
    public static final int AttributeListError = 0x0107;
    public static final int AttributeValueOutOfRange = 0x0116;
    public static final int CoercionOfDataElements = 0xB000;
    public static final int ElementsDiscarded = 0xB006;
    public static final int DataSetDoesNotMatchSOPClassWarning = 0xB007;

    public static final int NoSuchAttribute = 0x0105;
    public static final int InvalidAttributeValue = 0x0106;
    public static final int ProcessingFailure = 0x0110;
    public static final int DuplicateSOPInstance = 0x0111;
    public static final int NoSuchSOPInstance = 0x0112;
    public static final int NoSuchEventType = 0x0113;
    public static final int NoSuchArgument = 0x0114;
    public static final int InvalidArgumentValue = 0x0115;
    public static final int InvalidSOPInstance = 0x0117;
    public static final int NoSuchSOPClass = 0x0118;
    public static final int ClassInstanceConflict = 0x0119;
    public static final int MissingAttribute = 0x0120;
    public static final int MissingAttributeValue = 0x0121;
    public static final int SOPClassNotSupported = 0x0122;
    public static final int NoSuchAction = 0x0123;
    public static final int NotAuthorized = 0x0124;
    public static final int DuplicateInvocation = 0x0210;
    public static final int UnrecognizedOperation = 0x0211;
    public static final int MistypedArgument = 0x0212;
    public static final int ResourceLimitation = 0x0213;
    public static final int OutOfResources = 0xA700;
    /** C-MOVE: refused, number of matches could not be calculated (PS3.4 C.4.2.1.5). */
    public static final int OutOfResourcesUnableToCalculateMatches = 0xA701;
    /** C-GET/C-MOVE: refused, unable to perform sub-operations (PS3.4 C.4.2.1.5, C.4.3.1.4). */
    public static final int OutOfResourcesUnableToPerformSubOperations = 0xA702;
    /** C-MOVE: refused, move destination unknown (PS3.4 C.4.2.1.5). */
    public static final int MoveDestinationUnknown = 0xA801;
    public static final int DataSetDoesNotMatchSOPClass = 0xA900;
    /** C-FIND "unable to process" and C-STORE "cannot understand" (any Cxxx). */
    public static final int UnableToProcess = 0xC000;
    /** Gateway convention: the data set or identifier could not be decoded. */
    public static final int UnableToDecodeDataSet = 0xC310;
    /** Gateway convention: the service failed with an unexpected error. */
    public static final int UnexpectedError = 0xC311;

    private record Entry(Category category, String name) {}

    private static final Map<Integer, Entry> KNOWN = new HashMap<>();

    static {
        put(Success, Category.SUCCESS, "Success");
        put(Pending, Category.PENDING, "Pending");
        put(PendingWarning, Category.PENDING, "Pending (optional keys not supported)");
        put(Cancel, Category.CANCEL, "Cancel");
        put(OptionalAttributesNotSupported, Category.WARNING, "Requested optional attributes not supported");
        put(AttributeListError, Category.WARNING, "Attribute list error");
        put(AttributeValueOutOfRange, Category.WARNING, "Attribute value out of range");
        put(CoercionOfDataElements, Category.WARNING, "Coercion of data elements");
        put(ElementsDiscarded, Category.WARNING, "Elements discarded");
        put(DataSetDoesNotMatchSOPClassWarning, Category.WARNING, "Data set does not match SOP class");
        put(NoSuchAttribute, Category.FAILURE, "No such attribute");
        put(InvalidAttributeValue, Category.FAILURE, "Invalid attribute value");
        put(ProcessingFailure, Category.FAILURE, "Processing failure");
        put(DuplicateSOPInstance, Category.FAILURE, "Duplicate SOP instance");
        put(NoSuchSOPInstance, Category.FAILURE, "No such SOP instance");
        put(NoSuchEventType, Category.FAILURE, "No such event type");
        put(NoSuchArgument, Category.FAILURE, "No such argument");
        put(InvalidArgumentValue, Category.FAILURE, "Invalid argument value");
        put(InvalidSOPInstance, Category.FAILURE, "Invalid SOP instance");
        put(NoSuchSOPClass, Category.FAILURE, "No such SOP class");
        put(ClassInstanceConflict, Category.FAILURE, "Class-instance conflict");
        put(MissingAttribute, Category.FAILURE, "Missing attribute");
        put(MissingAttributeValue, Category.FAILURE, "Missing attribute value");
        put(SOPClassNotSupported, Category.FAILURE, "Refused: SOP class not supported");
        put(NoSuchAction, Category.FAILURE, "No such action");
        put(NotAuthorized, Category.FAILURE, "Refused: not authorized");
        put(DuplicateInvocation, Category.FAILURE, "Duplicate invocation");
        put(UnrecognizedOperation, Category.FAILURE, "Unrecognized operation");
        put(MistypedArgument, Category.FAILURE, "Mistyped argument");
        put(ResourceLimitation, Category.FAILURE, "Resource limitation");
        put(OutOfResources, Category.FAILURE, "Refused: out of resources");
        put(OutOfResourcesUnableToCalculateMatches, Category.FAILURE,
                "Refused: out of resources, unable to calculate number of matches");
        put(OutOfResourcesUnableToPerformSubOperations, Category.FAILURE,
                "Refused: out of resources, unable to perform sub-operations");
        put(MoveDestinationUnknown, Category.FAILURE, "Refused: move destination unknown");
        put(DataSetDoesNotMatchSOPClass, Category.FAILURE, "Error: data set does not match SOP class");
        put(UnableToProcess, Category.FAILURE, "Unable to process");
        put(UnableToDecodeDataSet, Category.FAILURE, "Unable to process: data set not decodable");
        put(UnexpectedError, Category.FAILURE, "Unable to process: unexpected error");
    }

    private static void put(int code, Category category, String name) {
        KNOWN.put(code, new Entry(category, name));
    }

    private Status() {}

    /** The category of any 16-bit status code, by PS3.7 Annex C's ranges where the code is not listed. */
    public static Category category(int status) {
        Entry e = KNOWN.get(status);
        if (e != null) {
            return e.category;
        }
        if ((status & 0xF000) == 0xB000) {
            return Category.WARNING;
        }
        return Category.FAILURE;
    }

    public static boolean isPending(int status) {
        return category(status) == Category.PENDING;
    }

    /** A final status ends an operation: anything but Pending. */
    public static boolean isFinal(int status) {
        return !isPending(status);
    }

    /** The name of a status for logs, by code or by range, e.g. "Refused: out of resources". */
    public static String name(int status) {
        Entry e = KNOWN.get(status);
        if (e != null) {
            return e.name;
        }
        return switch (status & 0xF000) {
            case 0xA000 -> (status & 0xFF00) == 0xA700 ? "Refused: out of resources"
                    : (status & 0xFF00) == 0xA900 ? "Error: data set does not match SOP class" : "Failure";
            case 0xB000 -> "Warning";
            case 0xC000 -> "Unable to process";
            default -> category(status) == Category.WARNING ? "Warning" : "Failure";
        };
    }

    /** "A700H Refused: out of resources (FAILURE)". */
    public static String toString(int status) {
        return String.format("%04XH %s (%s)", status & 0xFFFF, name(status), category(status));
    }

    /**
     * The failure status for an unexpected error while serving {@code request}: Cxxx (C311H) for the
     * C-services whose failures are "unable to process"/"cannot understand" (C-STORE, C-FIND, C-GET,
     * C-MOVE, PS3.4 B.2.3 and C.4), 0110H processing failure otherwise (PS3.7 Annex C).
     */
    public static int unexpectedError(CommandField request) {
        return switch (request) {
            case C_STORE_RQ, C_FIND_RQ, C_GET_RQ, C_MOVE_RQ -> UnexpectedError;
            default -> ProcessingFailure;
        };
    }
}
