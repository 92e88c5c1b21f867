package org.mip.gateway.dicom.io.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.dicom.io.DicomOutputStream;
import org.mip.gateway.dicom.io.TransferSyntax;

/** Writes a multi-frame MR file of about {@code bytes} bytes of Pixel Data, streaming the frames (bounded memory). */
final class SyntheticMultiframe {
    private SyntheticMultiframe() {}

    static Path create(Path file, long pixelBytes) throws IOException {
        int rows = 512;
        int cols = 512;
        int frameBytes = rows * cols * 2;
        int frames = (int) Math.max(1, pixelBytes / frameBytes);
        try (OutputStream fo = Files.newOutputStream(file); DicomOutputStream out = new DicomOutputStream(fo)) {
            Attributes meta = new Attributes();
            meta.setBytes(Tag.FileMetaInformationVersion, VR.OB, new byte[] {0, 1});
            meta.setBytes(Tag.MediaStorageSOPClassUID, VR.UI, uid("1.2.840.10008.5.1.4.1.1.4.1"));
            meta.setBytes(Tag.MediaStorageSOPInstanceUID, VR.UI, uid("1.2.826.0.1.3680043.2.1125.1.42"));
            meta.setBytes(Tag.TransferSyntaxUID, VR.UI, uid(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()));
            out.writeFileMetaInformation(null, meta);
            Attributes ds = new Attributes();
            ds.setBytes(Tag.SOPClassUID, VR.UI, uid("1.2.840.10008.5.1.4.1.1.4.1"));
            ds.setBytes(Tag.SOPInstanceUID, VR.UI, uid("1.2.826.0.1.3680043.2.1125.1.42"));
            ds.setBytes(Tag.Modality, VR.CS, "MR".getBytes(StandardCharsets.US_ASCII));
            ds.setBytes(Tag.PatientName, VR.PN, "Bench^Multiframe".getBytes(StandardCharsets.US_ASCII));
            ds.setBytes(0x00280002, VR.US, us(1));
            ds.setBytes(0x00280004, VR.CS, "MONOCHROME2 ".getBytes(StandardCharsets.US_ASCII));
            String nf = Integer.toString(frames);
            ds.setBytes(0x00280008, VR.IS, (nf.length() % 2 == 0 ? nf : nf + " ").getBytes(StandardCharsets.US_ASCII));
            ds.setBytes(0x00280010, VR.US, us(rows));
            ds.setBytes(0x00280011, VR.US, us(cols));
            ds.setBytes(0x00280100, VR.US, us(16));
            ds.setBytes(0x00280101, VR.US, us(12));
            ds.setBytes(0x00280102, VR.US, us(11));
            ds.setBytes(0x00280103, VR.US, us(0));
            out.writeDataset(ds);
            out.writeHeader(Tag.PixelData, VR.OW, (long) frames * frameBytes);
            byte[] frame = new byte[frameBytes];
            try (OutputStream value = out.valueStream(VR.OW)) {
                for (int f = 0; f < frames; f++) {
                    Arrays.fill(frame, (byte) f);
                    value.write(frame);
                }
            }
        }
        return file;
    }

    private static byte[] us(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8)};
    }

    private static byte[] uid(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return b.length % 2 == 0 ? b : Arrays.copyOf(b, b.length + 1);
    }
}
