package org.mip.gateway.net.ul;

import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mip.gateway.dicom.data.UID;

/**
 * What an acceptor supports: for each abstract syntax (SOP class), the transfer syntaxes it accepts, in
 * its order of preference. The service registry implements it; {@link #of(Map)} builds a fixed one.
 */
@FunctionalInterface
public interface PresentationPolicy {

    /** Transfer syntaxes accepted for {@code abstractSyntax}, best first; empty when it is not supported. */
    List<String> transferSyntaxes(String abstractSyntax);

    /**
     * Whether the peer may take the SCP role for {@code sopClass} when it proposes it in an SCP/SCU Role
     * Selection sub-item (PS3.7 D.3.3.4), i.e. whether we act as SCU of that class on this association.
     * Default: no.
     */
    default boolean acceptsPeerScpRole(String sopClass) {
        return false;
    }

    /** A fixed policy; each list is reordered by {@link #ourPreference(List)}. */
    static PresentationPolicy of(Map<String, List<String>> bySopClass) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        bySopClass.forEach((k, v) -> copy.put(k, ourPreference(v)));
        return abstractSyntax -> copy.getOrDefault(abstractSyntax, List.of());
    }

    /**
     * Our order of preference among {@code accepted}: Explicit VR Little Endian, then Implicit VR Little
     * Endian (the default transfer syntax, PS3.5 10.1), then the others in the order given.
     */
    static List<String> ourPreference(List<String> accepted) {
        Set<String> out = new LinkedHashSet<>();
        if (accepted.contains(UID.ExplicitVRLittleEndian)) {
            out.add(UID.ExplicitVRLittleEndian);
        }
        if (accepted.contains(UID.ImplicitVRLittleEndian)) {
            out.add(UID.ImplicitVRLittleEndian);
        }
        out.addAll(accepted); // in their order; those already in keep their place
        return List.copyOf(out);
    }
}
