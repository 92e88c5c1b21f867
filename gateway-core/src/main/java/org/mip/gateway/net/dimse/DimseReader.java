package org.mip.gateway.net.dimse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Objects;
import org.mip.gateway.net.dimse.DimseException.Reason;

/**
 * Assembles DIMSE messages from the PDV fragments of P-DATA-TF PDUs (PS3.8 9.3.5.1, E.2), in arrival
 * order, independent of how the PDUs are represented. A message is its command fragments (bounded:
 * {@link #DEFAULT_MAX_COMMAND_LENGTH}) followed, when the command says so, by its data set fragments on
 * the same presentation context (PS3.7 6.3.1); messages do not interleave.
 *
 * <p>As soon as the command is complete the {@link Handler} gets it and, for a message with a data set,
 * returns the {@link DataSetSink} the data set fragments then stream to as they arrive: a C-STORE
 * instance is written to its destination while it is being received, never buffered whole (see {@link
 * DataSetStream} for back-pressure).
 *
 * <p>Protocol errors (data before a command, a command fragment inside a data set, a fragment on another
 * presentation context than its message, a command set over the bound or not decodable) are thrown as
 * {@link DimseException}s; the caller aborts the association (A-ABORT). The reader is then failed: it
 * aborted the open sink and rejects further input. An unknown request command field with a readable
 * Message ID is not thrown but handed to {@link Handler#onUnrecognizedCommand} to be answered with
 * 0211H; its data set, if any, is discarded.
 *
 * <p>Not thread-safe: feed it from one thread (the channel's event loop).
 */
public final class DimseReader {
    public static final int DEFAULT_MAX_COMMAND_LENGTH = 64 * 1024;

    /** What the reader calls back, on the feeding thread. */
    public interface Handler {
        /**
         * A complete command. For a message with a data set ({@code command.hasDataSet()}) returns the
         * sink its fragments go to (never {@code null}; {@link DataSetSink#DISCARD} to drop it); for
         * one without, the result is ignored.
         */
        DataSetSink onCommand(int presentationContextId, DimseMessage command);

        /** A request with an unknown command field but a readable Message ID, to be answered 0211H. */
        void onUnrecognizedCommand(int presentationContextId, DimseException error);
    }

    private enum State { IDLE, COMMAND, DATA, FAILED }

    private final Handler handler;
    private final int maxCommandLength;
    private State state = State.IDLE;
    private int pcid;
    private byte[] command = new byte[256];
    private int commandLength;
    private DataSetSink sink;

    public DimseReader(Handler handler) {
        this(handler, DEFAULT_MAX_COMMAND_LENGTH);
    }

    public DimseReader(Handler handler, int maxCommandLength) {
        this.handler = Objects.requireNonNull(handler, "handler");
        if (maxCommandLength < 12) {
            throw new IllegalArgumentException("max command length below 12: " + maxCommandLength);
        }
        this.maxCommandLength = maxCommandLength;
    }

    /** Feeds one PDV; {@code data} stays the caller's (the reader retains a slice when it keeps it). */
    public void onPdv(int presentationContextId, boolean isCommand, boolean last, ByteBuf data)
            throws DimseException {
        switch (state) {
            case FAILED -> throw new IllegalStateException("DIMSE reader failed earlier");
            case IDLE -> {
                if (!isCommand) {
                    throw fail(Reason.DATA_BEFORE_COMMAND, "data set fragment on presentation context "
                            + presentationContextId + " without a command");
                }
                pcid = presentationContextId;
                commandLength = 0;
                state = State.COMMAND;
                appendCommand(data, last);
            }
            case COMMAND -> {
                checkContext(presentationContextId);
                if (!isCommand) {
                    throw fail(Reason.DATA_BEFORE_COMMAND, "data set fragment before the last command fragment");
                }
                appendCommand(data, last);
            }
            case DATA -> {
                checkContext(presentationContextId);
                if (isCommand) {
                    throw fail(Reason.COMMAND_DURING_DATA_SET, "command fragment before the last data set fragment");
                }
                DataSetSink s = sink;
                if (last) {
                    sink = null;
                    state = State.IDLE;
                }
                s.onFragment(data.retainedSlice());
                if (last) {
                    s.onEnd();
                }
            }
        }
    }

    /** Feeds one PDV held in a byte array (wrapped, not copied: the array must not change afterwards). */
    public void onPdv(int presentationContextId, boolean isCommand, boolean last, byte[] data)
            throws DimseException {
        onPdv(presentationContextId, isCommand, last, Unpooled.wrappedBuffer(data));
    }

    /**
     * The association ended (released, aborted, closed): aborts the data set being received, if any,
     * and makes the reader reject further input.
     */
    public void close(Throwable cause) {
        DataSetSink s = sink;
        sink = null;
        state = State.FAILED;
        command = null;
        if (s != null) {
            s.onAbort(cause);
        }
    }

    /** Whether the reader is between messages. */
    public boolean isIdle() {
        return state == State.IDLE;
    }

    private void checkContext(int presentationContextId) throws DimseException {
        if (presentationContextId != pcid) {
            throw fail(Reason.PRESENTATION_CONTEXT_MISMATCH, "fragment on presentation context "
                    + presentationContextId + " inside a message on presentation context " + pcid);
        }
    }

    private void appendCommand(ByteBuf data, boolean last) throws DimseException {
        int n = data.readableBytes();
        if (n > maxCommandLength - commandLength) {
            throw fail(Reason.COMMAND_TOO_LARGE, "command set longer than " + maxCommandLength + " bytes");
        }
        if (commandLength + n > command.length) {
            byte[] bigger = new byte[Math.min(maxCommandLength, Math.max(command.length * 2, commandLength + n))];
            System.arraycopy(command, 0, bigger, 0, commandLength);
            command = bigger;
        }
        data.getBytes(data.readerIndex(), command, commandLength, n);
        commandLength += n;
        if (!last) {
            return;
        }
        DimseMessage message;
        try {
            message = CommandCodec.decode(command, 0, commandLength);
        } catch (DimseException e) {
            if (!e.isAnswerable()) {
                close(e);
                throw e;
            }
            enterDataOrIdle(e.dataSetFollows(), DataSetSink.DISCARD);
            handler.onUnrecognizedCommand(pcid, e);
            return;
        }
        if (message.hasDataSet()) {
            DataSetSink s = handler.onCommand(pcid, message);
            enterDataOrIdle(true, Objects.requireNonNull(s, "data set sink"));
        } else {
            enterDataOrIdle(false, null);
            handler.onCommand(pcid, message);
        }
    }

    private void enterDataOrIdle(boolean dataSetFollows, DataSetSink s) {
        if (command.length > 4096) {
            command = new byte[256]; // do not keep a large command buffer between messages
        }
        commandLength = 0;
        if (dataSetFollows) {
            sink = s;
            state = State.DATA;
        } else {
            state = State.IDLE;
        }
    }

    private DimseException fail(Reason reason, String message) {
        DimseException e = new DimseException(reason, message);
        close(e);
        return e;
    }
}
