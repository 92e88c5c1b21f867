package org.mip.gateway.storescp;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.mip.gateway.dicom.dict.UidDictionary;
import org.mip.gateway.metrics.DicomMetrics;
import org.mip.gateway.net.dimse.CStoreRq;
import org.mip.gateway.net.dimse.Status;
import org.mip.gateway.net.service.CStoreService;
import org.mip.gateway.net.service.DimseStatusException;
import org.mip.gateway.net.service.IncomingDataSet;
import org.mip.gateway.net.service.ServiceRequest;

/**
 * The Storage SCP (PS3.4 Annex B) for every Storage SOP class of the generated dictionary, retired ones
 * included (older modalities still send them): each instance goes through {@link StorageArchive#store}, so
 * the C-STORE-RSP Success is sent only once the file is synced, in place and indexed.
 *
 * <p>Around that call, and only there, each C-STORE is counted: {@link DicomMetrics#stored} (outcome,
 * data set bytes received, time from the request to the archive's answer) and {@link StoreAudit#stored}
 * (which queues it in memory; the audit rows are written after the association, off this path).
 */
public final class ArchiveStoreService extends CStoreService {
    private final StorageArchive archive;
    private final DicomMetrics metrics;
    private final StoreAudit audit;

    public ArchiveStoreService(StorageArchive archive, DicomMetrics metrics, StoreAudit audit) {
        super(storageSopClasses());
        this.archive = Objects.requireNonNull(archive);
        this.metrics = Objects.requireNonNull(metrics);
        this.audit = Objects.requireNonNull(audit);
    }

    /** Without metrics or audit (tests, tools). */
    public ArchiveStoreService(StorageArchive archive) {
        this(archive, DicomMetrics.noop(), StoreAudit.NONE);
    }

    /** Every Storage SOP class the dictionary knows, retired included. */
    public static Set<String> storageSopClasses() {
        return new LinkedHashSet<>(UidDictionary.standard().storageSopClasses(true));
    }

    @Override
    protected int store(ServiceRequest request, CStoreRq command, IncomingDataSet dataSet) throws Exception {
        long t0 = System.nanoTime();
        int status = Status.UnexpectedError;
        try {
            status = archive.store(command, dataSet, request.association().callingAeTitle());
            return status;
        } catch (DimseStatusException e) {
            status = e.status();
            throw e;
        } finally {
            boolean ok = Status.category(status) != Status.Category.FAILURE;
            metrics.stored(dataSet.receivedBytes(), Duration.ofNanos(System.nanoTime() - t0), ok);
            audit.stored(request.association(), command.affectedSopClassUid(), command.affectedSopInstanceUid(),
                    status);
        }
    }

    @Override
    public String toString() {
        return "ArchiveStoreService";
    }
}
