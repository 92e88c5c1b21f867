package org.mip.gateway.mwl.query;

import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Sequence;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.mwl.WorklistItems;

/**
 * Builds a C-FIND response identifier from a matching item (PS3.4 C.4.1.1.3.2, K.4.1.1.3.2): exactly the
 * keys of the request, each with the item's value or, when the item has none, zero length in the key's VR;
 * plus Specific Character Set (0008,0005) always.
 *
 * <p>Sequence keys: a key sequence without items or with an empty item returns the item's whole sequence
 * (an implementation choice: PS3.4 C.2.2.2.6 defines return of the listed Item Keys only); otherwise each
 * candidate item that matches the key item is returned with the key item's keys. A sequence the item lacks is
 * returned empty.
 *
 * <p>The item is held in UTF-8 ({@link WorklistItems}); the response declares ISO_IR 192 when any returned
 * text is non-ASCII, else the character set the item was booked in (zero length for the default repertoire).
 */
public final class ResponseBuilder {
    private final KeyMatcher matcher;

    public ResponseBuilder(KeyMatcher matcher) {
        this.matcher = matcher;
    }

    /**
     * @param item a merged item as from {@link WorklistItems#merge} (text in UTF-8)
     * @param bookedCharset the Specific Character Set terms the item was booked with ("" for the default)
     */
    public Attributes build(Attributes identifier, Attributes item, String bookedCharset) {
        Attributes out = new Attributes(identifier.size() + 1);
        out.setString(Tag.SpecificCharacterSet, VR.CS, WorklistItems.UTF8);
        fill(identifier, item, out);
        if (!WorklistItems.hasNonAscii(out)) {
            // ASCII bytes read the same in every character set: declare the one the item was booked in
            if (bookedCharset == null || bookedCharset.isEmpty()) {
                out.setNull(Tag.SpecificCharacterSet, VR.CS);
            } else {
                out.setString(Tag.SpecificCharacterSet, VR.CS, bookedCharset.split("\\\\"));
            }
        }
        return out;
    }

    private void fill(Attributes keys, Attributes item, Attributes out) {
        for (int i = 0; i < keys.size(); i++) {
            int tag = keys.tagAt(i);
            if (!KeyMatcher.isMatchingKey(tag)) {
                continue;
            }
            VR vr = keys.vrAt(i);
            int at = item == null ? -1 : item.indexOf(tag);
            if (vr == VR.SQ || (at >= 0 && item.vrAt(at) == VR.SQ)) {
                sequence(keys, tag, item, out);
            } else if (at >= 0) {
                out.setValue(tag, item.vrAt(at), item.valueAt(at));
            } else {
                out.setNull(tag, vr);
            }
        }
    }

    private void sequence(Attributes keys, int tag, Attributes item, Attributes out) {
        Sequence candidates = item == null ? null : item.getSequence(tag);
        Sequence keySq = keys.getSequence(tag);
        Attributes keyItem = keySq == null || keySq.isEmpty() ? null : keySq.get(0);
        Sequence result = out.newSequence(tag, candidates == null ? 0 : candidates.size());
        if (candidates == null) {
            return;
        }
        boolean whole = keyItem == null || !hasReturnKeys(keyItem);
        boolean universal = KeyMatcher.isUniversal(keys, tag);
        for (Attributes c : candidates) {
            if (whole) {
                Attributes copy = new Attributes(c);
                copy.remove(Tag.SpecificCharacterSet);
                result.add(copy);
            } else if (universal || matcher.matches(keyItem, c)) {
                Attributes r = result.addItem();
                fill(keyItem, c, r);
            }
        }
    }

    private static boolean hasReturnKeys(Attributes keyItem) {
        for (int i = 0; i < keyItem.size(); i++) {
            if (KeyMatcher.isMatchingKey(keyItem.tagAt(i))) {
                return true;
            }
        }
        return false;
    }
}
