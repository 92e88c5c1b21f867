package org.mip.gateway.storescp.commit;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Sequence;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.net.client.AeAddress;
import org.mip.gateway.net.dimse.CommandField;
import org.mip.gateway.net.dimse.ErrorInfo;
import org.mip.gateway.net.dimse.NActionRq;
import org.mip.gateway.net.dimse.NEventReportRq;
import org.mip.gateway.net.dimse.Status;
import org.mip.gateway.net.service.DimseResponder;
import org.mip.gateway.net.service.DimseService;
import org.mip.gateway.net.service.DimseStatusException;
import org.mip.gateway.net.service.ServiceRequest;
import org.mip.gateway.storescp.archive.ArchiveIndex;
import org.mip.gateway.storescp.archive.ArchiveLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage Commitment Push Model SCP (PS3.4 Annex J; SOP class 1.2.840.10008.1.20.1, well-known instance
 * 1.2.840.10008.1.20.1.1). N-ACTION-RQ with Action Type ID 1 "Request Storage Commitment" (J.3.2) and its
 * Transaction UID and Referenced SOP Sequence is answered Success at once; the result follows as an
 * N-EVENT-REPORT-RQ (J.3.3) computed from the index: Event Type ID 1 when every referenced instance is
 * stored (its current file in the index and on disk, with the referenced SOP class), 2 when failures
 * exist, with Referenced SOP Sequence (0008,1199) for the committed and Failed SOP Sequence (0008,1198) with
 * Failure Reason (0008,1197) for the rest: 0112H "No such object instance", 0119H "Class/Instance
 * conflict" (PS3.3 C.14.1.1).
 *
 * <p>Delivery: on the requesting association while it is open and the requester answers there (PS3.4
 * J.3.3.1.2 allows the attempt; the SCU may release at any time after the N-ACTION-RSP), else on a new
 * association to the requester, whose address comes from {@code requesterAddress} by calling AE title
 * ({@code storage.commitment-peers}, else the forward destinations); a requester with no known address
 * gets no report (WARN).
 */
public final class StorageCommitmentService implements DimseService {
    private static final Logger LOG = LoggerFactory.getLogger(StorageCommitmentService.class);

    /** Action Type ID of "Request Storage Commitment" (PS3.4 J.3.2.1). */
    public static final int REQUEST_STORAGE_COMMITMENT = 1;
    /** Event Type IDs (PS3.4 J.3.3.1): all committed / failures exist. */
    public static final int EVENT_SUCCESSFUL = 1;
    public static final int EVENT_FAILURES_EXIST = 2;
    public static final int NO_SUCH_OBJECT_INSTANCE = 0x0112;
    public static final int CLASS_INSTANCE_CONFLICT = 0x0119;

    private final Supplier<ArchiveIndex> indexSupplier;
    private final ArchiveLayout layout;
    private final CommitmentReportSender sender;
    private final Function<String, Optional<AeAddress>> requesterAddress;
    private final ExecutorService executor;
    private int messageId;

    /**
     * @param index the archive's index (supplier: the archive starts after this service is built)
     * @param requesterAddress where a calling AE title receives reports on a new association; a result with
     *     a null or empty host means "the address the N-ACTION came from"
     * @param executor runs the commitment check and the report after the N-ACTION-RSP
     */
    public StorageCommitmentService(Supplier<ArchiveIndex> index, ArchiveLayout layout,
                                    CommitmentReportSender sender,
                                    Function<String, Optional<AeAddress>> requesterAddress, ExecutorService executor) {
        this.indexSupplier = Objects.requireNonNull(index);
        this.layout = Objects.requireNonNull(layout);
        this.sender = Objects.requireNonNull(sender);
        this.requesterAddress = Objects.requireNonNull(requesterAddress);
        this.executor = Objects.requireNonNull(executor);
    }

    @Override
    public Set<String> sopClasses() {
        return Set.of(UID.StorageCommitmentPushModel);
    }

    @Override
    public Set<CommandField> commandFields() {
        return EnumSet.of(CommandField.N_ACTION_RQ);
    }

    /** A referenced instance: SOP Class and Instance UID. */
    public record Reference(String sopClassUid, String sopInstanceUid) {}

    @Override
    public void onRequest(ServiceRequest request, DimseResponder responder) throws Exception {
        NActionRq rq = (NActionRq) request.command();
        if (!UID.StorageCommitmentPushModelInstance.equals(rq.requestedSopInstanceUid())) {
            throw new DimseStatusException(Status.NoSuchSOPInstance,
                    "Requested SOP Instance must be 1.2.840.10008.1.20.1.1");
        }
        if (rq.actionTypeId() != REQUEST_STORAGE_COMMITMENT) {
            throw new DimseStatusException(Status.NoSuchAction, "Action Type ID must be 1");
        }
        if (request.dataSet() == null) {
            throw new DimseStatusException(Status.MissingAttribute, "Action Information missing");
        }
        Attributes info;
        try {
            info = request.dataSet().read();
        } catch (IOException e) {
            throw new DimseStatusException(Status.ProcessingFailure, ErrorInfo.comment("Action Information not decodable"), e);
        }
        String transactionUid = info.getString(Tag.TransactionUID);
        Sequence refs = info.getSequence(Tag.ReferencedSOPSequence);
        if (transactionUid == null || transactionUid.isBlank()) {
            throw new DimseStatusException(Status.MissingAttribute, new ErrorInfo("Transaction UID missing", null,
                    List.of(), List.of(Tag.TransactionUID)));
        }
        if (refs == null || refs.isEmpty()) {
            throw new DimseStatusException(Status.MissingAttribute, new ErrorInfo("Referenced SOP Sequence missing",
                    null, List.of(), List.of(Tag.ReferencedSOPSequence)));
        }
        List<Reference> references = new ArrayList<>(refs.size());
        for (Attributes item : refs) {
            String cuid = item.getString(Tag.ReferencedSOPClassUID);
            String iuid = item.getString(Tag.ReferencedSOPInstanceUID);
            if (cuid == null || iuid == null) {
                throw new DimseStatusException(Status.InvalidArgumentValue,
                        "Referenced SOP Sequence item without Referenced SOP Class/Instance UID");
            }
            references.add(new Reference(cuid.strip(), iuid.strip()));
        }
        responder.send(rq.response(Status.Success), null);
        LOG.info("storage commitment requested by {} for {} instance(s), transaction {}", request.association(),
                references.size(), transactionUid.strip());
        executor.execute(() -> report(request, transactionUid.strip(), references));
    }

    /** The Event Information of the report for {@code references} (PS3.4 J.3.3.1, Table J.3-2). */
    public Attributes eventInformation(String transactionUid, List<Reference> references) {
        Map<String, ArchiveIndex.StoredFile> stored = indexSupplier.get().currentFiles(
                references.stream().map(Reference::sopInstanceUid).toList());
        Attributes ds = new Attributes();
        ds.setString(Tag.TransactionUID, VR.UI, transactionUid);
        List<Attributes> ok = new ArrayList<>();
        List<Attributes> failed = new ArrayList<>();
        for (Reference r : references) {
            ArchiveIndex.StoredFile f = stored.get(r.sopInstanceUid());
            Attributes item = new Attributes(3);
            item.setString(Tag.ReferencedSOPClassUID, VR.UI, r.sopClassUid());
            item.setString(Tag.ReferencedSOPInstanceUID, VR.UI, r.sopInstanceUid());
            if (f == null || !Files.isRegularFile(layout.resolve(f.path()))) {
                item.setInt(Tag.FailureReason, VR.US, NO_SUCH_OBJECT_INSTANCE);
                failed.add(item);
            } else if (!f.sopClassUid().equals(r.sopClassUid())) {
                item.setInt(Tag.FailureReason, VR.US, CLASS_INSTANCE_CONFLICT);
                failed.add(item);
            } else {
                ok.add(item);
            }
        }
        if (!ok.isEmpty()) {
            Sequence seq = ds.newSequence(Tag.ReferencedSOPSequence, ok.size());
            ok.forEach(seq::add);
        }
        if (!failed.isEmpty()) {
            Sequence seq = ds.newSequence(Tag.FailedSOPSequence, failed.size());
            failed.forEach(seq::add);
        }
        return ds;
    }

    private void report(ServiceRequest origin, String transactionUid, List<Reference> references) {
        try {
            Attributes info = eventInformation(transactionUid, references);
            boolean failures = info.contains(Tag.FailedSOPSequence);
            NEventReportRq rq = new NEventReportRq(nextMessageId(), UID.StorageCommitmentPushModel,
                    UID.StorageCommitmentPushModelInstance, failures ? EVENT_FAILURES_EXIST : EVENT_SUCCESSFUL, true);
            int failedCount = failures ? info.getSequence(Tag.FailedSOPSequence).size() : 0;
            if (sender.sendOnSameAssociation(origin, rq, info)) {
                LOG.info("storage commitment {} reported to {} on its association: {} committed, {} failed",
                        transactionUid, origin.association(), references.size() - failedCount, failedCount);
                return;
            }
            String aet = origin.association().callingAeTitle();
            Optional<AeAddress> address = requesterAddress.apply(aet).map(a -> a.host() == null || a.host().isBlank()
                    ? new AeAddress(a.aeTitle(), hostOf(origin.association().remoteAddress()), a.port()) : a);
            if (address.isEmpty()) {
                LOG.warn("storage commitment {}: no address configured for {}, result not reported", transactionUid, aet);
                return;
            }
            int status = sender.sendOnNewAssociation(address.get(), rq, info);
            LOG.info("storage commitment {} reported to {}: {} committed, {} failed; N-EVENT-REPORT-RSP {}",
                    transactionUid, address.get(), references.size() - failedCount, failedCount, Status.toString(status));
        } catch (Exception e) {
            LOG.warn("storage commitment {}: report to {} failed: {}", transactionUid, origin.association(), e.toString());
        }
    }

    private synchronized int nextMessageId() {
        messageId = messageId % 0xFFFF + 1;
        return messageId;
    }

    /** "/127.0.0.1:4711" or "host/127.0.0.1:4711" → "127.0.0.1". */
    static String hostOf(String remoteAddress) {
        String s = remoteAddress == null ? "" : remoteAddress;
        int slash = s.lastIndexOf('/');
        if (slash >= 0) {
            s = s.substring(slash + 1);
        }
        int colon = s.lastIndexOf(':');
        if (colon > 0) {
            s = s.substring(0, colon);
        }
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        return s;
    }

    /** Stops the report executor after pending reports, waiting at most {@code millis}. */
    public void shutdown(long millis) {
        executor.shutdown();
        try {
            executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "StorageCommitmentService";
    }
}
