/**
 * The PDU codec: bytes on a Netty channel to and from {@link org.mip.gateway.net.pdu.Pdu} records.
 *
 * <p>{@link org.mip.gateway.net.codec.PduDecoder} frames and parses incoming PDUs and never throws
 * through the pipeline: anything it cannot accept becomes a {@link org.mip.gateway.net.codec.MalformedPdu}
 * message carrying the A-ABORT reason to answer with, and the upper layer decides.
 * {@link org.mip.gateway.net.codec.PduEncoder} writes each PDU as one buffer (one write).
 * {@link org.mip.gateway.net.codec.PduCodec#install} adds both to a pipeline.
 */
package org.mip.gateway.net.codec;
