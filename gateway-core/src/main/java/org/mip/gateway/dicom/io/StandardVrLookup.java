package org.mip.gateway.dicom.io;

import java.util.List;

import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.dicom.dict.ElementDictionary;

/**
 * {@link VrLookup} over {@link ElementDictionary#standard()}, resolving the tags PS3.6 gives several VRs:
 * "OB or OW" (Pixel Data, overlays) is OW in implicit VR (PS3.5 A.1); "US or SS" follows Pixel
 * Representation; "US or OW" and similar word data are OW.
 */
final class StandardVrLookup implements VrLookup {
    static final StandardVrLookup INSTANCE = new StandardVrLookup(ElementDictionary.standard());

    private final ElementDictionary dict;

    StandardVrLookup(ElementDictionary dict) {
        this.dict = dict;
    }

    @Override
    public VR vrOf(int tag, int pixelRepresentation) {
        VR first = dict.vrOf(tag);
        List<VR> all = dict.vrsOf(tag);
        if (all.size() <= 1) {
            return first;
        }
        if (all.contains(VR.US) && all.contains(VR.SS) && !all.contains(VR.OW)) {
            return pixelRepresentation == 1 ? VR.SS : VR.US;
        }
        if (all.contains(VR.OW)) {
            return VR.OW;
        }
        return first;
    }
}
