/**
 * The image ingest: Storage SCP into the archive, storage commitment, forwarding and the study query.
 *
 * <p>How gateway-app wires it (start order; stop in reverse):
 * <ol>
 *   <li>{@code DatabaseService} with schema {@code storescp} ({@code ArchiveIndex.SCHEMA}) among its
 *       migrations;</li>
 *   <li>{@link org.mip.gateway.storescp.StorageArchive} ({@code StorageConfig}, the database, a clock, a
 *       {@link org.mip.gateway.storescp.reconcile.WorklistLink} and {@link org.mip.gateway.storescp.TimedArchiveFs}
 *       for the fsync meter): cleans {@code archive.dir/tmp} and opens the archive;</li>
 *   <li>the DICOM listener with {@link org.mip.gateway.storescp.ArchiveStoreService} (every Storage SOP
 *       class of the dictionary; with the process's {@code DicomMetrics} and a {@link
 *       org.mip.gateway.storescp.StoreAuditTrail}, whose {@code associationEnded} the listener's association
 *       audit calls) and {@link org.mip.gateway.storescp.commit.StorageCommitmentService} in its
 *       {@code ServiceRegistry};</li>
 *   <li>{@link org.mip.gateway.storescp.forward.ForwardService} ({@code storage.forward}), with {@code
 *       archive.onStored(forward::wakeUp)}.</li>
 * </ol>
 * {@link org.mip.gateway.storescp.query.StudyQuery} answers {@code GET /api/v1/studies}. The test class
 * {@code StoreGateway} shows the whole wiring.
 *
 * <p>Durability: Success is sent only after the file was fsynced, linked under its final name, its folder
 * fsynced and its index rows committed; see {@link org.mip.gateway.storescp.archive.ArchiveWriter} and
 * {@link org.mip.gateway.storescp.archive.GroupCommitter}. Statuses: {@link org.mip.gateway.storescp.StoreStatus}.
 */
package org.mip.gateway.storescp;
