package org.mip.gateway.net.codec;

import io.netty.channel.ChannelPipeline;

/** Installs the PDU codec in a channel pipeline (after the optional {@code SslHandler}). */
public final class PduCodec {
    /** Pipeline name of the {@link PduDecoder}. */
    public static final String DECODER = "pdu-decoder";
    /** Pipeline name of the {@link PduEncoder}. */
    public static final String ENCODER = "pdu-encoder";

    private PduCodec() {}

    /**
     * Adds a new {@link PduDecoder} and the shared {@link PduEncoder} at the end of the pipeline, and sets
     * the channel's {@link PduSizeEstimator}.
     */
    public static ChannelPipeline install(ChannelPipeline pipeline, int maxPduLength) {
        return install(pipeline, maxPduLength, PduDecoder.DEFAULT_MAX_ASSOCIATE_PDU_LENGTH);
    }

    /**
     * As {@link #install(ChannelPipeline, int)} with an explicit bound for A-ASSOCIATE-RQ/AC. Also sets the
     * channel's {@link PduSizeEstimator}, so that PDUs written from other threads count towards its
     * writability by their size (call before anything is written on the channel).
     */
    public static ChannelPipeline install(ChannelPipeline pipeline, int maxPduLength, int maxAssociatePduLength) {
        pipeline.channel().config().setMessageSizeEstimator(PduSizeEstimator.INSTANCE);
        return pipeline
                .addLast(DECODER, new PduDecoder(maxPduLength, maxAssociatePduLength))
                .addLast(ENCODER, PduEncoder.INSTANCE);
    }
}
