package org.mip.gateway.net.pdu;

import java.util.Objects;

/**
 * Application Context Item (item type 10H, PS3.8 9.3.2.1 Table 9-12 and 9.3.3.1): the application
 * context name, a UID. DICOM defines exactly one, {@link #DICOM} (PS3.7 A.2.1).
 */
public record ApplicationContext(String name) {
    /** Item type of the Application Context Item. */
    public static final int ITEM_TYPE = 0x10;
    /** The DICOM Application Context Name, 1.2.840.10008.3.1.1.1 (PS3.7 A.2.1). */
    public static final ApplicationContext DICOM = new ApplicationContext("1.2.840.10008.3.1.1.1");

    public ApplicationContext {
        Objects.requireNonNull(name, "name");
    }
}
