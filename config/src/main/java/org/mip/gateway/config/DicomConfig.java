package org.mip.gateway.config;

import java.util.List;

/** {@code dicom.*}: the DICOM listener, its AE title and who may call it. */
public record DicomConfig(
        String aet,
        String host,
        int port,
        TlsConfig tls,
        List<String> allowedCallingAets,
        int maxPdu,
        int maxAssociations) {
    public DicomConfig {
        allowedCallingAets = List.copyOf(allowedCallingAets);
    }

    /** An empty allow-list lets any calling AE title in. */
    public boolean callingAetAllowed(String callingAet) {
        return allowedCallingAets.isEmpty() || allowedCallingAets.contains(callingAet);
    }
}
