package org.mip.gateway.net.pdu;

import java.util.List;
import java.util.Objects;

/**
 * A-ASSOCIATE-RQ PDU (type 01H, PS3.8 9.3.2 Table 9-11). Layout, by PDU byte (1-based):
 * 1 type, 2 reserved, 3-6 PDU length, 7-8 protocol version, 9-10 reserved, 11-26 called AE title,
 * 27-42 calling AE title, 43-74 reserved, 75-xxx variable items: one {@link ApplicationContext} (10H),
 * one or more {@link PresentationContextRq} (20H), one {@link UserInformation} (50H).
 *
 * <p>{@code protocolVersion} is the raw 16-bit field: version 1 is bit 0, and a receiver "shall only
 * test that bit 0 is set" ({@link #supportsVersion1()}); when it is not, the upper layer rejects with
 * A-ASSOCIATE-RJ reason protocol-version-not-supported. AE titles are trimmed (PS3.8: leading and
 * trailing spaces are non-significant) and padded to 16 bytes again on encoding.
 */
public record AAssociateRq(int protocolVersion, String calledAeTitle, String callingAeTitle,
        ApplicationContext applicationContext, List<PresentationContextRq> presentationContexts,
        UserInformation userInformation) implements Pdu {

    /** Protocol version 1: bit 0 of bytes 7-8. */
    public static final int PROTOCOL_VERSION_1 = 0x0001;

    public AAssociateRq {
        if (protocolVersion < 0 || protocolVersion > 0xFFFF) {
            throw new IllegalArgumentException("protocol version not in 0..0xFFFF: " + protocolVersion);
        }
        AeTitle.check(calledAeTitle, "calledAeTitle");
        AeTitle.check(callingAeTitle, "callingAeTitle");
        Objects.requireNonNull(applicationContext, "applicationContext");
        presentationContexts = List.copyOf(presentationContexts);
        Objects.requireNonNull(userInformation, "userInformation");
    }

    /** A version 1 request with the DICOM application context. */
    public AAssociateRq(String calledAeTitle, String callingAeTitle, List<PresentationContextRq> presentationContexts,
            UserInformation userInformation) {
        this(PROTOCOL_VERSION_1, calledAeTitle, callingAeTitle, ApplicationContext.DICOM, presentationContexts,
                userInformation);
    }

    /** Whether bit 0 (DICOM UL version 1) of the protocol version is set. */
    public boolean supportsVersion1() {
        return (protocolVersion & PROTOCOL_VERSION_1) != 0;
    }

    @Override
    public int pduType() {
        return A_ASSOCIATE_RQ;
    }
}
