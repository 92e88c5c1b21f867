package org.mip.gateway.net.server;

import java.util.ArrayList;
import java.util.List;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.dicom.io.TransferSyntax;

/** The default transfer syntaxes the listener accepts per SOP class (see CONTRACT.md "DICOM services"). */
public final class TransferSyntaxes {
    /** Uncompressed syntaxes, accepted for every SOP class. */
    public static final List<String> UNCOMPRESSED = List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian,
            UID.DeflatedExplicitVRLittleEndian, UID.ExplicitVRBigEndian);

    private static final String STORAGE_ROOT = "1.2.840.10008.5.1.4.1.1.";
    private static final List<String> STORAGE = storage();

    private TransferSyntaxes() {}

    /**
     * Storage SOP classes (PS3.4 Annex B, UIDs under 1.2.840.10008.5.1.4.1.1) accept every transfer
     * syntax the toolkit knows (stored as received); other classes the uncompressed ones.
     */
    public static List<String> acceptedFor(String sopClass) {
        return sopClass.startsWith(STORAGE_ROOT) ? STORAGE : UNCOMPRESSED;
    }

    private static List<String> storage() {
        List<String> all = new ArrayList<>(UNCOMPRESSED);
        for (TransferSyntax ts : TransferSyntax.all()) {
            if (!all.contains(ts.uid())) {
                all.add(ts.uid());
            }
        }
        return List.copyOf(all);
    }
}
