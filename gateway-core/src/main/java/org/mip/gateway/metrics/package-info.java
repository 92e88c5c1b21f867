/**
 * Meters of the gateway (Micrometer): {@link org.mip.gateway.metrics.DicomMetrics} is the facade the
 * DICOM services and the archive writer call; the registry itself (Prometheus) is made by the launcher.
 */
package org.mip.gateway.metrics;
