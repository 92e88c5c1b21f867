/**
 * DIMSE messages (PS3.7): commands as records, their Implicit VR Little Endian command-set codec, and
 * the assembly of messages from and into PDV fragments, independent of Netty's PDU classes.
 *
 * <ul>
 *   <li>{@link org.mip.gateway.net.dimse.DimseMessage}: sealed; {@code DimseRequest}, {@code
 *       DimseResponse} and {@code CCancelRq}, one record per PS3.7 9.3/10.3 message.</li>
 *   <li>{@link org.mip.gateway.net.dimse.CommandCodec}: records to command-set bytes and back; only
 *       {@link org.mip.gateway.net.dimse.DimseException} escapes decoding.</li>
 *   <li>{@link org.mip.gateway.net.dimse.Status}: status codes with the categories of PS3.7 Annex C.</li>
 *   <li>{@link org.mip.gateway.net.dimse.DimseReader}: PDV fragments in, commands and streamed data
 *       sets out; {@link org.mip.gateway.net.dimse.DataSetStream}: the data set as an InputStream fed
 *       while it arrives, with {@link org.mip.gateway.net.dimse.FlowControl} back-pressure.</li>
 *   <li>{@link org.mip.gateway.net.dimse.DimseWriter}: a message out as fragments that fit the peer's
 *       maximum PDU length.</li>
 * </ul>
 *
 * <p>Threading: the reader runs on the channel's event loop and never blocks; a data set stream is
 * read, and the writer driven, on worker threads.
 */
package org.mip.gateway.net.dimse;
