package org.mip.gateway.storescp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.dicom.io.DicomOutputStream;
import org.mip.gateway.dicom.io.TransferSyntax;
import org.mip.gateway.net.dimse.CStoreRq;
import org.mip.gateway.net.dimse.Priority;
import org.mip.gateway.net.service.IncomingDataSet;

/** Small MR instances and their C-STORE-RQs, encoded as a peer would send them. */
final class TestData {
    static final String STUDY = "1.2.826.0.1.3680043.8.1055.1.1";
    static final String SERIES = "1.2.826.0.1.3680043.8.1055.1.1.1";

    private TestData() {}

    static Attributes mr(String sopInstanceUid) {
        return mr(STUDY, SERIES, sopInstanceUid);
    }

    static Attributes mr(String study, String series, String sopInstanceUid) {
        Attributes a = new Attributes();
        a.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        a.setString(Tag.SOPClassUID, VR.UI, UID.MRImageStorage);
        a.setString(Tag.SOPInstanceUID, VR.UI, sopInstanceUid);
        a.setString(Tag.StudyDate, VR.DA, "20240115");
        a.setString(Tag.StudyTime, VR.TM, "101500");
        a.setString(Tag.AccessionNumber, VR.SH, "ACC001");
        a.setString(Tag.Modality, VR.CS, "MR");
        a.setString(Tag.PatientName, VR.PN, "MÜLLER^JÜRGEN");
        a.setString(Tag.PatientID, VR.LO, "PID001");
        a.setString(Tag.PatientBirthDate, VR.DA, "19700101");
        a.setString(Tag.PatientSex, VR.CS, "M");
        a.setString(Tag.StudyInstanceUID, VR.UI, study);
        a.setString(Tag.SeriesInstanceUID, VR.UI, series);
        a.setString(Tag.SeriesNumber, VR.IS, "1");
        a.setString(Tag.InstanceNumber, VR.IS, "1");
        a.setInt(Tag.Rows, VR.US, 16);
        a.setInt(Tag.Columns, VR.US, 16);
        a.setInt(Tag.BitsAllocated, VR.US, 16);
        byte[] pixels = new byte[16 * 16 * 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) i;
        }
        a.setBytes(Tag.PixelData, VR.OW, pixels);
        return a;
    }

    static byte[] encode(Attributes ds, String tsUid) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomOutputStream dos = new DicomOutputStream(out, TransferSyntax.of(tsUid));
        dos.writeDataset(ds);
        dos.finish();
        return out.toByteArray();
    }

    static CStoreRq rq(Attributes ds) {
        return new CStoreRq(1, ds.getString(Tag.SOPClassUID), ds.getString(Tag.SOPInstanceUID), Priority.MEDIUM);
    }

    /** {@code bytes} as the association layer hands a data set over, counting what it received. */
    static IncomingDataSet incoming(byte[] bytes, String tsUid) {
        return new IncomingDataSet() {
            @Override
            public String transferSyntaxUid() {
                return tsUid;
            }

            @Override
            public InputStream stream() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public Attributes read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public long receivedBytes() {
                return bytes.length;
            }

            @Override
            public void close() {}
        };
    }
}
