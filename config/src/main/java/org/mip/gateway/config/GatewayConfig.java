package org.mip.gateway.config;

import java.time.Duration;

/** The whole, validated configuration: one record per module. Build it with {@link ConfigLoader}. */
public record GatewayConfig(
        DataConfig data,
        DbConfig db,
        DicomConfig dicom,
        StorageConfig storage,
        MwlConfig mwl,
        Hl7Config hl7,
        HttpConfig http,
        Duration shutdownGrace,
        AuditConfig audit) {

    /** Without {@code audit.*} settings (syslog off). */
    public GatewayConfig(DataConfig data, DbConfig db, DicomConfig dicom, StorageConfig storage, MwlConfig mwl,
            Hl7Config hl7, HttpConfig http, Duration shutdownGrace) {
        this(data, db, dicom, storage, mwl, hl7, http, shutdownGrace, AuditConfig.DEFAULTS);
    }
}
