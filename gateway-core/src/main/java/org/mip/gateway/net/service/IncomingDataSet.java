package org.mip.gateway.net.service;

import java.io.IOException;
import java.io.InputStream;
import org.mip.gateway.dicom.data.Attributes;

/**
 * The data set of a request, readable while it is still arriving (see {@code DataSetStream}). A
 * service either streams the raw bytes ({@link #stream()}, e.g. to an archive file for C-STORE) or
 * decodes it whole ({@link #read()}, for small data sets: C-FIND identifiers, MPPS attribute lists),
 * not both. Implemented by the association layer, which knows the transfer syntax and the decoder.
 */
public interface IncomingDataSet extends AutoCloseable {

    /** The transfer syntax of the presentation context the data set came on. */
    String transferSyntaxUid();

    /** The encoded data set as it arrives, without a Part 10 header. */
    InputStream stream();

    /** Decodes the whole data set; an {@link IOException} when it is malformed, aborted or too large. */
    Attributes read() throws IOException;

    /**
     * The bytes of the data set received so far (read or not), for metrics; -1 when the implementation
     * does not count them.
     */
    default long receivedBytes() {
        return -1;
    }

    /** Discards what has not been read; the framework calls it when the service is done. */
    @Override
    void close();
}
