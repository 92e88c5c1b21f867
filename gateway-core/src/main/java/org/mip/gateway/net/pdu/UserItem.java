package org.mip.gateway.net.pdu;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A sub-item of the User Information Item (50H). Each sub-item is item type (1 byte), reserved or
 * version (1 byte), item length (2 bytes, big endian), then its fields, as specified in PS3.8 Annex D.1
 * and PS3.7 Annex D.3.3. Sub-items of a type this implementation does not know are kept as
 * {@link Unknown}.
 */
public sealed interface UserItem {

    /** The sub-item type byte. */
    int itemType();

    /**
     * Maximum Length Sub-Item (51H, PS3.8 D.1 Table D.1-1): the largest P-DATA-TF PDU length (the
     * variable field, i.e. the PDU-length field value) the sender can receive; 0 means no limit.
     * Unsigned 32-bit, hence a {@code long}.
     */
    record MaximumLength(long maximumLength) implements UserItem {
        public static final int TYPE = 0x51;

        public MaximumLength {
            if (maximumLength < 0 || maximumLength > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("maximum length not an unsigned 32-bit value: " + maximumLength);
            }
        }

        @Override
        public int itemType() {
            return TYPE;
        }
    }

    /** Implementation Class UID Sub-Item (52H, PS3.7 D.3.3.2.1 Table D.3-1 / D.3-2). */
    record ImplementationClassUid(String uid) implements UserItem {
        public static final int TYPE = 0x52;

        public ImplementationClassUid {
            Objects.requireNonNull(uid, "uid");
        }

        @Override
        public int itemType() {
            return TYPE;
        }
    }

    /**
     * Asynchronous Operations Window Sub-Item (53H, PS3.7 D.3.3.3.1 Table D.3-7 / D.3-8): maximum number
     * of operations invoked and performed, each 2 bytes; 0 means unlimited.
     */
    record AsyncOperationsWindow(int maxOperationsInvoked, int maxOperationsPerformed) implements UserItem {
        public static final int TYPE = 0x53;

        public AsyncOperationsWindow {
            checkU16(maxOperationsInvoked, "maxOperationsInvoked");
            checkU16(maxOperationsPerformed, "maxOperationsPerformed");
        }

        @Override
        public int itemType() {
            return TYPE;
        }
    }

    /**
     * SCP/SCU Role Selection Sub-Item (54H, PS3.7 D.3.3.4 Table D.3-9 / D.3-10): UID length (2 bytes),
     * SOP class UID, SCU-role (1 byte), SCP-role (1 byte). In a request, 1 proposes the role; in an
     * accept, 1 accepts it. Any non-zero byte reads as {@code true}.
     */
    record RoleSelection(String sopClassUid, boolean scuRole, boolean scpRole) implements UserItem {
        public static final int TYPE = 0x54;

        public RoleSelection {
            Objects.requireNonNull(sopClassUid, "sopClassUid");
        }

        @Override
        public int itemType() {
            return TYPE;
        }
    }

    /** Implementation Version Name Sub-Item (55H, PS3.7 D.3.3.2.3 Table D.3-3 / D.3-4): 1-16 chars. */
    record ImplementationVersionName(String name) implements UserItem {
        public static final int TYPE = 0x55;

        public ImplementationVersionName {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public int itemType() {
            return TYPE;
        }
    }

    /**
     * SOP Class Extended Negotiation Sub-Item (56H, PS3.7 D.3.3.5 Table D.3-11): SOP class UID length
     * (2 bytes), SOP class UID, then the service-class-application-information up to the end of the item.
     */
    record SopClassExtendedNegotiation(String sopClassUid, byte[] applicationInformation) implements UserItem {
        public static final int TYPE = 0x56;

        public SopClassExtendedNegotiation {
            Objects.requireNonNull(sopClassUid, "sopClassUid");
            applicationInformation = applicationInformation.clone();
        }

        @Override
        public byte[] applicationInformation() {
            return applicationInformation.clone();
        }

        @Override
        public int itemType() {
            return TYPE;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SopClassExtendedNegotiation other
                    && sopClassUid.equals(other.sopClassUid)
                    && Arrays.equals(applicationInformation, other.applicationInformation);
        }

        @Override
        public int hashCode() {
            return sopClassUid.hashCode() * 31 + Arrays.hashCode(applicationInformation);
        }

        @Override
        public String toString() {
            return "SopClassExtendedNegotiation[sopClassUid=" + sopClassUid + ", applicationInformation="
                    + HexFormat.of().formatHex(applicationInformation) + "]";
        }
    }

    /**
     * SOP Class Common Extended Negotiation Sub-Item (57H, PS3.7 D.3.3.6 Table D.3-12, request only):
     * item byte 2 is the sub-item version (00H) instead of a reserved byte; then SOP class UID length
     * (2 bytes) and UID, service class UID length (2 bytes) and UID, related general SOP class
     * identification length (2 bytes) and that many bytes of (UID length (2 bytes), UID) pairs
     * (Table D.3-13).
     */
    record SopClassCommonExtendedNegotiation(int subItemVersion, String sopClassUid, String serviceClassUid,
            List<String> relatedGeneralSopClassUids) implements UserItem {
        public static final int TYPE = 0x57;

        public SopClassCommonExtendedNegotiation {
            if (subItemVersion < 0 || subItemVersion > 0xFF) {
                throw new IllegalArgumentException("sub-item version not in 0..255: " + subItemVersion);
            }
            Objects.requireNonNull(sopClassUid, "sopClassUid");
            Objects.requireNonNull(serviceClassUid, "serviceClassUid");
            relatedGeneralSopClassUids = List.copyOf(relatedGeneralSopClassUids);
        }

        public SopClassCommonExtendedNegotiation(String sopClassUid, String serviceClassUid,
                List<String> relatedGeneralSopClassUids) {
            this(0, sopClassUid, serviceClassUid, relatedGeneralSopClassUids);
        }

        @Override
        public int itemType() {
            return TYPE;
        }
    }

    /**
     * User Identity Sub-Item of a request (58H, PS3.7 D.3.3.7.1 Table D.3-14): user-identity-type
     * (1 byte), positive-response-requested (1 byte), primary-field length (2 bytes) and value,
     * secondary-field length (2 bytes) and value (the passcode, for type 2 only). {@link #toString()}
     * never shows the fields.
     */
    record UserIdentityRq(int typeCode, boolean positiveResponseRequested, byte[] primaryField,
            byte[] secondaryField) implements UserItem {
        public static final int TYPE = 0x58;

        /** User-identity-type values, PS3.7 Table D.3-14. */
        public enum IdentityType {
            USERNAME(1),
            USERNAME_AND_PASSCODE(2),
            KERBEROS(3),
            SAML(4),
            JWT(5),
            /** Any other value. */
            RESERVED(-1);

            private final int code;

            IdentityType(int code) {
                this.code = code;
            }

            public int code() {
                return code;
            }

            public static IdentityType of(int code) {
                return code >= 1 && code <= 5 ? values()[code - 1] : RESERVED;
            }
        }

        public UserIdentityRq {
            if (typeCode < 0 || typeCode > 0xFF) {
                throw new IllegalArgumentException("user identity type not in 0..255: " + typeCode);
            }
            primaryField = primaryField.clone();
            secondaryField = secondaryField.clone();
            checkU16(primaryField.length, "primary field length");
            checkU16(secondaryField.length, "secondary field length");
        }

        /** A username (type 1) or username and passcode (type 2), both UTF-8. */
        public static UserIdentityRq username(String username, String passcode, boolean positiveResponseRequested) {
            byte[] user = username.getBytes(StandardCharsets.UTF_8);
            return passcode == null
                    ? new UserIdentityRq(1, positiveResponseRequested, user, new byte[0])
                    : new UserIdentityRq(2, positiveResponseRequested, user, passcode.getBytes(StandardCharsets.UTF_8));
        }

        public IdentityType type() {
            return IdentityType.of(typeCode);
        }

        @Override
        public byte[] primaryField() {
            return primaryField.clone();
        }

        @Override
        public byte[] secondaryField() {
            return secondaryField.clone();
        }

        @Override
        public int itemType() {
            return TYPE;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UserIdentityRq other
                    && typeCode == other.typeCode
                    && positiveResponseRequested == other.positiveResponseRequested
                    && Arrays.equals(primaryField, other.primaryField)
                    && Arrays.equals(secondaryField, other.secondaryField);
        }

        @Override
        public int hashCode() {
            return Objects.hash(typeCode, positiveResponseRequested, Arrays.hashCode(primaryField),
                    Arrays.hashCode(secondaryField));
        }

        /** Shows the type and field sizes only: the fields are credentials. */
        @Override
        public String toString() {
            return "UserIdentityRq[type=" + type() + ", positiveResponseRequested=" + positiveResponseRequested
                    + ", primaryField=" + primaryField.length + " bytes, secondaryField="
                    + secondaryField.length + " bytes]";
        }
    }

    /**
     * User Identity Sub-Item of an accept (59H, PS3.7 D.3.3.7.2 Table D.3-15): server-response length
     * (2 bytes) and value (a Kerberos ticket, SAML response or JWT; empty otherwise). {@link #toString()}
     * never shows the response.
     */
    record UserIdentityAc(byte[] serverResponse) implements UserItem {
        public static final int TYPE = 0x59;

        public UserIdentityAc {
            serverResponse = serverResponse.clone();
            checkU16(serverResponse.length, "server response length");
        }

        @Override
        public byte[] serverResponse() {
            return serverResponse.clone();
        }

        @Override
        public int itemType() {
            return TYPE;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UserIdentityAc other && Arrays.equals(serverResponse, other.serverResponse);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(serverResponse);
        }

        @Override
        public String toString() {
            return "UserIdentityAc[serverResponse=" + serverResponse.length + " bytes]";
        }
    }

    /**
     * A sub-item of a type not listed above (reserved or private), kept as raw bytes: the reserved
     * byte 2 and the value after the item length. PS3.8 9.3.1 has receivers skip unrecognized items;
     * keeping them lets the upper layer log them and lets encoding reproduce the input.
     */
    record Unknown(int itemType, int reserved, byte[] value) implements UserItem {
        public Unknown {
            if (itemType < 0 || itemType > 0xFF || reserved < 0 || reserved > 0xFF) {
                throw new IllegalArgumentException("item type or reserved byte not in 0..255");
            }
            value = value.clone();
            checkU16(value.length, "value length");
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown other && itemType == other.itemType && reserved == other.reserved
                    && Arrays.equals(value, other.value);
        }

        @Override
        public int hashCode() {
            return (itemType * 31 + reserved) * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return String.format("Unknown[itemType=0x%02X, reserved=0x%02X, value=%d bytes]", itemType, reserved,
                    value.length);
        }
    }

    private static void checkU16(int value, String what) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(what + " not in 0..65535: " + value);
        }
    }
}
