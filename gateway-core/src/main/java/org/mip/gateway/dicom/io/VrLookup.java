package org.mip.gateway.dicom.io;

import org.mip.gateway.dicom.data.VR;

/** Gives implicit-VR elements their VR (PS3.5 7.1.3): from the data dictionary, UN when unknown. */
@FunctionalInterface
public interface VrLookup {

    /**
     * The VR of {@code tag}, or {@code null} when unknown. {@code pixelRepresentation} (0028,0103) as last
     * read resolves elements whose VR is "US or SS" (1 means signed).
     */
    VR vrOf(int tag, int pixelRepresentation);

    /** The standard data dictionary with the implicit-VR rules of PS3.5 A.1 for pixel and overlay data. */
    static VrLookup standard() {
        return StandardVrLookup.INSTANCE;
    }
}
