package org.mip.gateway.net.service;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.mip.gateway.dicom.data.Attributes;

/** An incoming data set whose decoded form is given (or whose decoding fails). */
final class FakeDataSet implements IncomingDataSet {
    private final Attributes attributes;
    private final byte[] bytes;
    boolean closed;

    FakeDataSet(Attributes attributes) {
        this.attributes = attributes;
        this.bytes = new byte[0];
    }

    FakeDataSet(byte[] bytes) {
        this.attributes = null;
        this.bytes = bytes;
    }

    @Override
    public String transferSyntaxUid() {
        return "1.2.840.10008.1.2";
    }

    @Override
    public InputStream stream() {
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public Attributes read() throws IOException {
        if (attributes == null) {
            throw new IOException("truncated element at byte 12");
        }
        return attributes;
    }

    @Override
    public void close() {
        closed = true;
    }
}
