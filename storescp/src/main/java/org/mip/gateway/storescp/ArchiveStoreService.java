package org.mip.gateway.storescp;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.mip.gateway.dicom.dict.UidDictionary;
import org.mip.gateway.net.dimse.CStoreRq;
import org.mip.gateway.net.service.CStoreService;
import org.mip.gateway.net.service.IncomingDataSet;
import org.mip.gateway.net.service.ServiceRequest;

/**
 * The Storage SCP (PS3.4 Annex B) for every Storage SOP class of the generated dictionary, retired ones
 * included (older modalities still send them): each instance goes through {@link StorageArchive#store}, so
 * the C-STORE-RSP Success is sent only once the file is synced, in place and indexed.
 */
public final class ArchiveStoreService extends CStoreService {
    private final StorageArchive archive;

    public ArchiveStoreService(StorageArchive archive) {
        super(storageSopClasses());
        this.archive = Objects.requireNonNull(archive);
    }

    /** Every Storage SOP class the dictionary knows, retired included. */
    public static Set<String> storageSopClasses() {
        return new LinkedHashSet<>(UidDictionary.standard().storageSopClasses(true));
    }

    @Override
    protected int store(ServiceRequest request, CStoreRq command, IncomingDataSet dataSet) throws Exception {
        return archive.store(command, dataSet, request.association().callingAeTitle());
    }

    @Override
    public String toString() {
        return "ArchiveStoreService";
    }
}
