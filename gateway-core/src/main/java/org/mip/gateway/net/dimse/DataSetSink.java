package org.mip.gateway.net.dimse;

import io.netty.buffer.ByteBuf;

/**
 * Where {@link DimseReader} delivers the data set of a message, fragment by fragment, as the PDVs
 * arrive (PS3.8 E.2), so that a large data set (a C-STORE instance) is never buffered whole. Called on
 * the thread that feeds the reader (a Netty event loop): implementations must not block; one that
 * hands the bytes to another thread is {@link DataSetStream}.
 *
 * <p>Exactly one of {@link #onEnd()} and {@link #onAbort(Throwable)} ends the calls.
 */
public interface DataSetSink {

    /**
     * The next fragment's bytes (possibly empty). The sink owns {@code fragment} and must release it,
     * now or later.
     */
    void onFragment(ByteBuf fragment);

    /** The last fragment has been delivered. */
    void onEnd();

    /** The data set will not be completed: protocol error, association aborted or closed. */
    void onAbort(Throwable cause);

    /** A sink that releases every fragment: for a data set nobody reads. */
    DataSetSink DISCARD = new DataSetSink() {
        @Override
        public void onFragment(ByteBuf fragment) {
            fragment.release();
        }

        @Override
        public void onEnd() {}

        @Override
        public void onAbort(Throwable cause) {}
    };
}
