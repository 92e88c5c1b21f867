package org.mip.gateway.net.server;

import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.net.dimse.CStoreRq;
import org.mip.gateway.net.dimse.Status;
import org.mip.gateway.net.service.CStoreService;
import org.mip.gateway.net.service.IncomingDataSet;
import org.mip.gateway.net.service.ServiceRequest;

/** A C-STORE SCP that reads each data set to its end and only counts instances and bytes. */
public final class CountingStoreService extends CStoreService {
    public final AtomicInteger instances = new AtomicInteger();
    public final AtomicLong bytes = new AtomicLong();
    public final Map<String, Long> bytesByInstance = new ConcurrentHashMap<>();

    public CountingStoreService() {
        super(Set.of(UID.CTImageStorage, UID.MRImageStorage, UID.RTPlanStorage, UID.SecondaryCaptureImageStorage,
                UID.UltrasoundMultiFrameImageStorage, UID.RTDoseStorage, UID.RTStructureSetStorage,
                UID.EnhancedSRStorage, UID.BasicTextSRStorage, UID.ComputedRadiographyImageStorage));
    }

    @Override
    protected int store(ServiceRequest request, CStoreRq command, IncomingDataSet dataSet) throws Exception {
        long n;
        try (InputStream in = dataSet.stream()) {
            n = in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        instances.incrementAndGet();
        bytes.addAndGet(n);
        bytesByInstance.put(command.affectedSopInstanceUid(), n);
        return Status.Success;
    }
}
