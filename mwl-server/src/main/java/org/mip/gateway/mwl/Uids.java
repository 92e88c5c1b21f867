package org.mip.gateway.mwl;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.UUID;

/** UIDs derived from UUIDs: "2.25." + the UUID's 128 bits as an unsigned decimal (PS3.5 B.2). */
public final class Uids {
    private Uids() {}

    public static String fromUuid(UUID uuid) {
        byte[] b = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
        return "2.25." + new BigInteger(1, b);
    }

    public static String random() {
        return fromUuid(UUID.randomUUID());
    }

    /** Whether {@code uid} is a syntactically valid UID (PS3.5 9.1): digits and dots, no leading zeros, ≤ 64. */
    public static boolean isValid(String uid) {
        if (uid == null || uid.isEmpty() || uid.length() > 64) {
            return false;
        }
        for (String part : uid.split("\\.", -1)) {
            if (part.isEmpty() || (part.length() > 1 && part.charAt(0) == '0') || !part.chars().allMatch(Character::isDigit)) {
                return false;
            }
        }
        return true;
    }
}
