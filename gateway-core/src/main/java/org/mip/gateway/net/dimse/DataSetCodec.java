package org.mip.gateway.net.dimse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.io.DicomInputStream;
import org.mip.gateway.dicom.io.DicomOutputStream;
import org.mip.gateway.dicom.io.TransferSyntax;

/**
 * The data set of a DIMSE message, whole in memory, in its presentation context's transfer syntax
 * without a Part 10 header (PS3.7 6.3.1, PS3.8 E.2): for the small ones (identifiers, N-* attribute
 * lists, event information), never for C-STORE instances.
 */
public final class DataSetCodec {
    private DataSetCodec() {}

    public static byte[] encode(Attributes dataSet, String transferSyntaxUid) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomOutputStream dos = new DicomOutputStream(out, TransferSyntax.of(transferSyntaxUid));
        dos.writeDataset(dataSet);
        dos.finish();
        return out.toByteArray();
    }

    public static Attributes decode(byte[] dataSet, String transferSyntaxUid) throws IOException {
        try (DicomInputStream in = DicomInputStream.ofDataset(new ByteArrayInputStream(dataSet),
                TransferSyntax.of(transferSyntaxUid))) {
            return in.readDataset();
        }
    }
}
