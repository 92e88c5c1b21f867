package org.mip.gateway.dicom.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A reference to a value that is not held in memory: {@code length} bytes at {@code offset} of the
 * resource {@code uri} (a {@code file:} URI for values left in a source file, or a DICOMweb
 * BulkDataURI, PS3.18 F.2.6).
 *
 * @param uri where the bytes are
 * @param offset byte offset of the value in that resource (0 for a URI that addresses the value itself)
 * @param length value length in bytes, or -1 when unknown
 * @param bigEndian whether the referenced bytes are in big-endian order (a value left in an Explicit VR
 *     Big Endian file); a writer must swap them for binary VRs. In-memory values are always little endian.
 */
public record BulkData(String uri, long offset, long length, boolean bigEndian) {

    public BulkData {
        Objects.requireNonNull(uri, "uri");
        if (offset < 0) {
            throw new IllegalArgumentException("offset < 0: " + offset);
        }
        if (length < -1) {
            throw new IllegalArgumentException("length < -1: " + length);
        }
    }

    /** Little-endian bytes at {@code offset} of {@code uri}. */
    public BulkData(String uri, long offset, long length) {
        this(uri, offset, length, false);
    }

    /** A value at {@code offset} of the file {@code path}. */
    public static BulkData ofFile(Path path, long offset, long length, boolean bigEndian) {
        return new BulkData(path.toUri().toString(), offset, length, bigEndian);
    }

    /** A DICOMweb BulkDataURI (PS3.18 F.2.6) addressing the whole value. */
    public static BulkData ofUri(String uri) {
        return new BulkData(uri, 0, -1, false);
    }
}
