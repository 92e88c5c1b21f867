package org.mip.gateway.net.dimse;

/** Values of Priority (0000,0700), PS3.7 E.1 Table E.1-1. */
public final class Priority {
    public static final int MEDIUM = 0x0000;
    public static final int HIGH = 0x0001;
    public static final int LOW = 0x0002;

    private Priority() {}

    public static boolean isValid(int priority) {
        return priority >= MEDIUM && priority <= LOW;
    }
}
