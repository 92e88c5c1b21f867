package org.mip.gateway.net.pdu;

import java.util.List;
import java.util.Objects;

/**
 * A-ASSOCIATE-AC PDU (type 02H, PS3.8 9.3.3 Table 9-17): the same fixed layout as
 * {@link AAssociateRq} (bytes 7-8 protocol version, 11-26 and 27-42 the AE titles, 43-74 reserved),
 * then one {@link ApplicationContext} (10H), one {@link PresentationContextAc} (21H) per proposed
 * context, one {@link UserInformation} (50H).
 *
 * <p>In this PDU the AE title fields are reserved fields that "shall be sent with a value identical to
 * the value received in the same field of the A-ASSOCIATE-RQ PDU, but [...] not tested when received";
 * they are decoded (trimmed) as they come, blank or not.
 */
public record AAssociateAc(int protocolVersion, String calledAeTitle, String callingAeTitle,
        ApplicationContext applicationContext, List<PresentationContextAc> presentationContexts,
        UserInformation userInformation) implements Pdu {

    public AAssociateAc {
        if (protocolVersion < 0 || protocolVersion > 0xFFFF) {
            throw new IllegalArgumentException("protocol version not in 0..0xFFFF: " + protocolVersion);
        }
        AeTitle.check(calledAeTitle, "calledAeTitle");
        AeTitle.check(callingAeTitle, "callingAeTitle");
        Objects.requireNonNull(applicationContext, "applicationContext");
        presentationContexts = List.copyOf(presentationContexts);
        Objects.requireNonNull(userInformation, "userInformation");
    }

    /** A version 1 accept echoing the request's AE titles and application context. */
    public AAssociateAc(AAssociateRq rq, List<PresentationContextAc> presentationContexts,
            UserInformation userInformation) {
        this(AAssociateRq.PROTOCOL_VERSION_1, rq.calledAeTitle(), rq.callingAeTitle(), rq.applicationContext(),
                presentationContexts, userInformation);
    }

    @Override
    public int pduType() {
        return A_ASSOCIATE_AC;
    }
}
