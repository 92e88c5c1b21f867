package org.mip.gateway.net.dimse;

import java.util.Objects;

/** Argument checks of the message records. */
final class Checks {
    private Checks() {}

    static int us(int value, String field) {
        if ((value & ~0xFFFF) != 0) {
            throw new IllegalArgumentException(field + " not in 0..65535: " + value);
        }
        return value;
    }

    static String uid(String uid, String field) {
        Objects.requireNonNull(uid, field);
        if (uid.isEmpty() || uid.length() > 64) {
            throw new IllegalArgumentException(field + " must have 1..64 characters: '" + uid + "'");
        }
        return uid;
    }

    static String optionalUid(String uid, String field) {
        return uid == null ? null : uid(uid, field);
    }

    static String aeTitle(String ae, String field) {
        Objects.requireNonNull(ae, field);
        if (ae.isBlank() || ae.length() > 16) {
            throw new IllegalArgumentException(field + " must have 1..16 characters: '" + ae + "'");
        }
        return ae;
    }

    static int priority(int priority) {
        if (!Priority.isValid(priority)) {
            throw new IllegalArgumentException("Priority not LOW, MEDIUM or HIGH: " + priority);
        }
        return priority;
    }

    static ErrorInfo error(ErrorInfo error) {
        return error == null ? ErrorInfo.NONE : error;
    }
}
