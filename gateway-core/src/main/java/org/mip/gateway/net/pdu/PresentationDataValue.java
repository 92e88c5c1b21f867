package org.mip.gateway.net.pdu;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Presentation Data Value Item (PS3.8 9.3.5.1 Table 9-23): item bytes 1-4 the item length (counting
 * the context ID, the message control header and the fragment), byte 5 the presentation context ID,
 * byte 6 the message control header (PS3.8 E.2: bit 0 set for a command, clear for a data set; bit 1
 * set for the last fragment; bits 2-7 sent as 0 and not tested), then the fragment.
 *
 * <p>{@code data} is the fragment, its readable bytes. It is owned by the enclosing {@link PDataTf},
 * which releases it; to keep it beyond that, {@code retain()} or {@code retainedSlice()} it.
 */
public record PresentationDataValue(int presentationContextId, boolean command, boolean last, ByteBuf data) {
    /** Bytes of a PDV item before the fragment: item length (4), context ID (1), control header (1). */
    public static final int HEADER_LENGTH = 6;
    /** Message control header bit 0: the fragment is command information. */
    public static final int COMMAND_BIT = 0x01;
    /** Message control header bit 1: the fragment is the last one of its command or data set. */
    public static final int LAST_BIT = 0x02;

    public PresentationDataValue {
        if (presentationContextId < 0 || presentationContextId > 0xFF) {
            throw new IllegalArgumentException("presentation context ID not in 0..255: " + presentationContextId);
        }
        Objects.requireNonNull(data, "data");
    }

    /** The message control header byte, PS3.8 E.2. */
    public int messageControlHeader() {
        return (command ? COMMAND_BIT : 0) | (last ? LAST_BIT : 0);
    }

    /** The item length field: context ID, control header and fragment. */
    public long itemLength() {
        return 2L + data.readableBytes();
    }

    /** Shows the header and the fragment size, never its content. */
    @Override
    public String toString() {
        return "PresentationDataValue[pc=" + presentationContextId + (command ? ", command" : ", data set")
                + (last ? ", last" : "") + ", " + data.readableBytes() + " bytes]";
    }
}
