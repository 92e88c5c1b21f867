package org.mip.gateway.net.codec;

import io.netty.channel.ChannelPipeline;

/** Installs the PDU codec in a channel pipeline (after the optional {@code SslHandler}). */
public final class PduCodec {
    /** Pipeline name of the {@link PduDecoder}. */
    public static final String DECODER = "pdu-decoder";
    /** Pipeline name of the {@link PduEncoder}. */
    public static final String ENCODER = "pdu-encoder";

    private PduCodec() {}

    /** Adds a new {@link PduDecoder} and the shared {@link PduEncoder} at the end of the pipeline. */
    public static ChannelPipeline install(ChannelPipeline pipeline, int maxPduLength) {
        return install(pipeline, maxPduLength, PduDecoder.DEFAULT_MAX_ASSOCIATE_PDU_LENGTH);
    }

    /** As {@link #install(ChannelPipeline, int)} with an explicit bound for A-ASSOCIATE-RQ/AC. */
    public static ChannelPipeline install(ChannelPipeline pipeline, int maxPduLength, int maxAssociatePduLength) {
        return pipeline
                .addLast(DECODER, new PduDecoder(maxPduLength, maxAssociatePduLength))
                .addLast(ENCODER, PduEncoder.INSTANCE);
    }
}
