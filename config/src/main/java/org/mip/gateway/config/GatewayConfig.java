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
        Duration shutdownGrace) {}
