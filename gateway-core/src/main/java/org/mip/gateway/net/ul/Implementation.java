package org.mip.gateway.net.ul;

/**
 * How MIP Gateway names itself in A-ASSOCIATE-RQ/AC (PS3.7 D.3.3.2): the Implementation Class UID and
 * Implementation Version Name sub-items (52H, 55H).
 */
public final class Implementation {
    /**
     * Our Implementation Class UID: a UUID-derived UID under the 2.25 root (PS3.5 B.2), generated once
     * for MIP Gateway and fixed here. Change it only when the implementation's network behaviour changes
     * incompatibly; the version name says which release is talking.
     */
    public static final String CLASS_UID = "2.25.183559586824908280099277726633513890994";

    /** Our Implementation Version Name: at most 16 characters of the default repertoire (PS3.7 D.3.3.2.3). */
    public static final String VERSION_NAME = "MIPGW_0_1";

    private Implementation() {}
}
