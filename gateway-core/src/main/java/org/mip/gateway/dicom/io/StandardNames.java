package org.mip.gateway.dicom.io;

import org.mip.gateway.dicom.dict.ElementDictionary;
import org.mip.gateway.dicom.dict.UidDictionary;

/** {@link DicomDumper.Names} from the standard element and UID dictionaries. */
final class StandardNames implements DicomDumper.Names {
    static final StandardNames INSTANCE = new StandardNames();

    private final ElementDictionary elements = ElementDictionary.standard();
    private final UidDictionary uids = UidDictionary.standard();

    @Override
    public String keywordOf(int tag) {
        return elements.keywordOf(tag);
    }

    @Override
    public String uidKeywordOf(String uid) {
        return uids.keywordOf(uid);
    }
}
