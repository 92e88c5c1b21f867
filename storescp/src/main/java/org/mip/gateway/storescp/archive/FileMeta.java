package org.mip.gateway.storescp.archive;

import java.io.ByteArrayOutputStream;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.net.ul.Implementation;

/**
 * The Part 10 File Meta Information of a received instance (PS3.10 7.1, Table 7.1-1): Media Storage SOP
 * Class/Instance UID from the C-STORE-RQ's Affected SOP Class/Instance UID, Transfer Syntax UID of the
 * presentation context the data set came on (stored as received), our Implementation Class UID and Version
 * Name, and Source Application Entity Title = the calling AE title (the AE that sent the content).
 */
public final class FileMeta {
    private FileMeta() {}

    public static Attributes build(String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
                                   String callingAeTitle) {
        Attributes meta = new Attributes(8);
        meta.setBytes(Tag.FileMetaInformationVersion, VR.OB, new byte[] {0x00, 0x01}); // PS3.10 7.1: 00H 01H
        meta.setString(Tag.MediaStorageSOPClassUID, VR.UI, sopClassUid);
        meta.setString(Tag.MediaStorageSOPInstanceUID, VR.UI, sopInstanceUid);
        meta.setString(Tag.TransferSyntaxUID, VR.UI, transferSyntaxUid);
        meta.setString(Tag.ImplementationClassUID, VR.UI, Implementation.CLASS_UID);
        meta.setString(Tag.ImplementationVersionName, VR.SH, Implementation.VERSION_NAME);
        if (callingAeTitle != null && !callingAeTitle.isBlank()) {
            meta.setString(Tag.SourceApplicationEntityTitle, VR.AE, callingAeTitle.strip());
        }
        return meta;
    }

    /** Preamble (128 zero bytes), "DICM" and the meta with its group length, ready to write before the data set. */
    public static byte[] encode(Attributes meta) {
        // Encoded here rather than with DicomOutputStream, which would start a deflater for a deflated
        // Transfer Syntax: the data set bytes that follow are written as received.
        ByteArrayOutputStream elements = new ByteArrayOutputStream(256);
        for (int i = 0; i < meta.size(); i++) {
            int tag = meta.tagAt(i);
            if (tag != Tag.FileMetaInformationGroupLength) {
                Object v = meta.valueAt(i);
                writeElement(elements, tag, meta.vrAt(i), v instanceof byte[] b ? b : new byte[0]);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(132 + 12 + elements.size());
        out.writeBytes(new byte[128]);
        out.writeBytes(new byte[] {'D', 'I', 'C', 'M'});
        byte[] groupLength = new byte[4];
        le32(groupLength, 0, elements.size());
        writeElement(out, Tag.FileMetaInformationGroupLength, VR.UL, groupLength);
        out.writeBytes(elements.toByteArray());
        return out.toByteArray();
    }

    /** One Explicit VR Little Endian element (PS3.5 7.1.2): 32-bit length for OB, 16-bit for the meta's other VRs. */
    private static void writeElement(ByteArrayOutputStream out, int tag, VR vr, byte[] value) {
        boolean longLength = vr.longLength();
        byte[] h = new byte[longLength ? 12 : 8];
        h[0] = (byte) (tag >>> 16);
        h[1] = (byte) (tag >>> 24);
        h[2] = (byte) tag;
        h[3] = (byte) (tag >>> 8);
        String code = vr.name();
        h[4] = (byte) code.charAt(0);
        h[5] = (byte) code.charAt(1);
        if (longLength) {
            le32(h, 8, value.length);
        } else {
            h[6] = (byte) value.length;
            h[7] = (byte) (value.length >>> 8);
        }
        out.writeBytes(h);
        out.writeBytes(value);
    }

    private static void le32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }
}
