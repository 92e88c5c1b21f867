package org.mip.gateway.net.dimse;

/**
 * A DIMSE message that cannot be decoded or assembled. {@link #reason()} says what was wrong; the layer
 * that owns the association decides what to do (PS3.7 does not let a peer go on after a broken
 * message stream, so everything but an {@linkplain #isAnswerable() answerable} command is an A-ABORT).
 *
 * <p>Where the command set was readable far enough, {@link #messageId()}, {@link #commandField()},
 * {@link #affectedSopClassUid()} and {@link #dataSetFollows()} tell what is known of the message, so an
 * unrecognised request can be answered with status 0211H "unrecognized operation" (PS3.7 C.5.x) and its
 * data set skipped.
 */
public final class DimseException extends Exception {

    public enum Reason {
        /** Command Group Length (0000,0000) absent, not first, or not the length of the rest. */
        BAD_GROUP_LENGTH,
        /** An element header or value that cannot be parsed: truncated, undefined length, wrong value length, not ascending, not group 0000. */
        MALFORMED_ELEMENT,
        /** A field the message type requires is absent (PS3.7 9.3/10.3 tables). */
        MISSING_FIELD,
        /** A field has a value the message type does not allow (e.g. a C-STORE-RQ without data set). */
        INVALID_FIELD,
        /** Command Field (0000,0100) is not one PS3.7 defines. */
        UNKNOWN_COMMAND_FIELD,
        /** A data set fragment arrived while no command was expecting one. */
        DATA_BEFORE_COMMAND,
        /** A command fragment arrived while a data set was incomplete. */
        COMMAND_DURING_DATA_SET,
        /** A fragment on another presentation context than the message it continues. */
        PRESENTATION_CONTEXT_MISMATCH,
        /** The command set exceeds the reader's bound. */
        COMMAND_TOO_LARGE
    }

    private final Reason reason;
    private final Integer messageId;
    private final Integer commandField;
    private final String affectedSopClassUid;
    private final boolean dataSetFollows;

    public DimseException(Reason reason, String message) {
        this(reason, message, null, null, null, false);
    }

    public DimseException(Reason reason, String message, Integer messageId, Integer commandField,
                          String affectedSopClassUid, boolean dataSetFollows) {
        super(message);
        this.reason = reason;
        this.messageId = messageId;
        this.commandField = commandField;
        this.affectedSopClassUid = affectedSopClassUid;
        this.dataSetFollows = dataSetFollows;
    }

    public Reason reason() {
        return reason;
    }

    /** Message ID (0000,0110) when it could be read, else {@code null}. */
    public Integer messageId() {
        return messageId;
    }

    /** The raw Command Field (0000,0100) when it could be read, else {@code null}. */
    public Integer commandField() {
        return commandField;
    }

    public String affectedSopClassUid() {
        return affectedSopClassUid;
    }

    /** Whether the command announced a data set (Command Data Set Type other than 0101H). */
    public boolean dataSetFollows() {
        return dataSetFollows;
    }

    /**
     * Whether the peer can be answered instead of aborted: an unknown request command field (bit 15
     * clear) with a readable Message ID, answered with status 0211H by {@link
     * CommandCodec#encodeUnrecognizedOperation(DimseException)}.
     */
    public boolean isAnswerable() {
        return reason == Reason.UNKNOWN_COMMAND_FIELD && messageId != null && commandField != null
                && (commandField & CommandField.RESPONSE_BIT) == 0;
    }
}
