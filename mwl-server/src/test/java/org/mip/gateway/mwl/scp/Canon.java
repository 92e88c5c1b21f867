package org.mip.gateway.mwl.scp;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Sequence;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.VR;

/**
 * A C-FIND response as comparable text: one line per attribute, {@code (gggg,eeee) VR [v1\v2]} with values
 * decoded in the response's character set and trailing padding removed, sequence items indented. The
 * {@link Rules} say what is left out before comparing, each for a difference PS3.4 allows (asserted on its own
 * in {@code WlmscpfsComparisonIT}).
 */
final class Canon {
    private Canon() {}

    /** What to leave out of the comparison. */
    record Rules(boolean dropEmpty, Set<Integer> dropTags, boolean dropCharacterSet) {
        static final Rules EXACT = new Rules(false, Set.of(), false);
    }

    static String of(Attributes a, Rules rules) {
        StringBuilder sb = new StringBuilder();
        append(a, rules, "", sb);
        return sb.toString();
    }

    /** The responses as a sorted list (a multiset: order of the Pending responses is not significant). */
    static List<String> all(List<Attributes> responses, Rules rules) {
        List<String> out = new ArrayList<>();
        for (Attributes a : responses) {
            out.add(of(a, rules));
        }
        out.sort(null);
        return out;
    }

    static List<String> all(List<Attributes> responses, Rules rules, UnaryOperator<Attributes> edit) {
        return all(responses.stream().map(edit).toList(), rules);
    }

    private static void append(Attributes a, Rules rules, String indent, StringBuilder sb) {
        for (int i = 0; i < a.size(); i++) {
            int tag = a.tagAt(i);
            if (Tag.group(tag) == 0x0002 || rules.dropTags().contains(tag)
                    || (rules.dropCharacterSet() && tag == Tag.SpecificCharacterSet)) {
                continue;
            }
            VR vr = a.vrAt(i);
            if (vr == VR.SQ) {
                Sequence seq = a.getSequence(tag);
                if (rules.dropEmpty() && (seq == null || seq.isEmpty())) {
                    continue;
                }
                sb.append(indent).append(Tag.toString(tag)).append(" SQ\n");
                if (seq != null) {
                    for (Attributes item : seq) {
                        sb.append(indent).append("  item\n");
                        append(item, rules, indent + "    ", sb);
                    }
                }
                continue;
            }
            String[] values = a.getStrings(tag);
            String value = values == null ? "" : String.join("\\", values).strip();
            if (rules.dropEmpty() && value.isEmpty()) {
                continue;
            }
            sb.append(indent).append(Tag.toString(tag)).append(' ').append(vr).append(" [").append(value).append("]\n");
        }
    }
}
