package org.mip.gateway.net.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.io.DicomInputStream;
import org.mip.gateway.dicom.io.TransferSyntax;
import org.mip.gateway.net.dimse.DataSetStream;
import org.mip.gateway.net.service.IncomingDataSet;

/** A request's data set as it arrives, in its presentation context's transfer syntax. */
final class StreamedDataSet implements IncomingDataSet {
    /** Largest data set {@link #read()} decodes into memory: identifiers and attribute lists are small. */
    static final long MAX_DECODED_LENGTH = 16L << 20;

    private final DataSetStream stream;
    private final String transferSyntaxUid;

    StreamedDataSet(DataSetStream stream, String transferSyntaxUid) {
        this.stream = stream;
        this.transferSyntaxUid = transferSyntaxUid;
    }

    @Override
    public String transferSyntaxUid() {
        return transferSyntaxUid;
    }

    @Override
    public InputStream stream() {
        return stream;
    }

    @Override
    public Attributes read() throws IOException {
        try (DicomInputStream in = DicomInputStream.ofDataset(new Bounded(stream), TransferSyntax.of(transferSyntaxUid))) {
            return in.readDataset();
        }
    }

    @Override
    public long receivedBytes() {
        return stream.receivedBytes();
    }

    @Override
    public void close() {
        stream.close();
    }

    private static final class Bounded extends FilterInputStream {
        private long count;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            count += n;
            if (count > MAX_DECODED_LENGTH) {
                throw new IOException("data set longer than " + MAX_DECODED_LENGTH + " bytes");
            }
        }

        @Override
        public void close() {
            // the DataSetStream is closed by the framework
        }
    }
}
