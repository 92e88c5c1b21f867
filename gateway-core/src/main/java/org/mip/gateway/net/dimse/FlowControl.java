package org.mip.gateway.net.dimse;

/**
 * Back-pressure towards the producer of PDUs. The association layer implements it by switching off and
 * on the channel's auto-read (Netty {@code ChannelConfig.setAutoRead}), so that a slow consumer of a
 * {@link DataSetStream} stops the socket from being read instead of letting fragments pile up.
 *
 * <p>Both methods are called while the stream holds its lock, so calls arrive strictly in order; they
 * must be quick, must not block and must not call back into the stream.
 */
public interface FlowControl {
    void pause();

    void resume();

    /** No back-pressure: for tests and for data sets known to be small. */
    FlowControl NONE = new FlowControl() {
        @Override
        public void pause() {}

        @Override
        public void resume() {}
    };
}
