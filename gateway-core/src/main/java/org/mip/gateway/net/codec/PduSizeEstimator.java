package org.mip.gateway.net.codec;

import io.netty.channel.DefaultMessageSizeEstimator;
import io.netty.channel.MessageSizeEstimator;
import org.mip.gateway.net.pdu.PDataTf;
import org.mip.gateway.net.pdu.Pdu;

/**
 * Tells Netty how many bytes a PDU object will occupy on the wire, so that the channel's writability
 * (its write-buffer high-water mark) counts a P-DATA-TF by its data while it waits to be encoded.
 *
 * <p>A write from a thread other than the channel's event loop is queued as a task, and Netty adds the
 * message's estimated size to the channel's pending bytes at once. Netty's default estimator knows only
 * buffers and counts any other object as 8 bytes: a producer on a worker thread that waits for
 * writability between fragments (a streamed C-STORE data set, C-FIND responses) then saw the channel
 * writable after each 64 KiB fragment and could move a whole data set into memory while the event loop
 * lagged behind.
 */
public final class PduSizeEstimator implements MessageSizeEstimator {
    public static final PduSizeEstimator INSTANCE = new PduSizeEstimator();

    /** A-ASSOCIATE, A-RELEASE and A-ABORT PDUs: small, counted at a nominal size. */
    static final int CONTROL_PDU_SIZE = 256;

    private static final Handle HANDLE = new Handle() {
        private final Handle others = DefaultMessageSizeEstimator.DEFAULT.newHandle();

        @Override
        public int size(Object msg) {
            if (msg instanceof PDataTf p) {
                return (int) Math.min(Integer.MAX_VALUE, Pdu.HEADER_LENGTH + p.pduLength());
            }
            if (msg instanceof Pdu) {
                return CONTROL_PDU_SIZE;
            }
            return others.size(msg);
        }
    };

    private PduSizeEstimator() {}

    @Override
    public Handle newHandle() {
        return HANDLE;
    }
}
