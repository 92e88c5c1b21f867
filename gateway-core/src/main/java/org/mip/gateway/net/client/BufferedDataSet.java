package org.mip.gateway.net.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.net.dimse.DataSetCodec;
import org.mip.gateway.net.service.IncomingDataSet;

/** The data set of a request from the peer, received whole (they are small: event information). */
final class BufferedDataSet implements IncomingDataSet {
    private final byte[] bytes;
    private final String transferSyntaxUid;

    BufferedDataSet(byte[] bytes, String transferSyntaxUid) {
        this.bytes = bytes;
        this.transferSyntaxUid = transferSyntaxUid;
    }

    @Override
    public String transferSyntaxUid() {
        return transferSyntaxUid;
    }

    @Override
    public InputStream stream() {
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public Attributes read() throws IOException {
        return DataSetCodec.decode(bytes, transferSyntaxUid);
    }

    @Override
    public void close() {}
}
