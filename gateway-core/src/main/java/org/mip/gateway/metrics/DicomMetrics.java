package org.mip.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;

/**
 * The DICOM side's meters under stable names (Prometheus: {@code mipgw_dicom_*}), for the services to
 * call: associations by outcome, C-STORE count, bytes and latency, C-FIND latency, the archive
 * writer's fsync time and its index commits (time, and instances per commit). Thread-safe; every method is cheap (no I/O) and may be called on an event loop.
 */
public final class DicomMetrics {
    /** Association outcomes, the {@code outcome} tag of {@code mipgw_dicom_associations_total}. */
    public enum AssociationOutcome { ACCEPTED, REJECTED, ABORTED, RELEASED }

    private final MeterRegistry registry;
    private final Counter[] associations = new Counter[AssociationOutcome.values().length];
    private final Timer storeSuccess;
    private final Timer storeFailure;
    private final DistributionSummary storeBytes;
    private final Timer findSuccess;
    private final Timer findFailure;
    private final Timer fsync;
    private final Timer indexCommit;
    private final DistributionSummary indexGroup;

    public DicomMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (AssociationOutcome o : AssociationOutcome.values()) {
            associations[o.ordinal()] = Counter.builder("mipgw.dicom.associations")
                    .description("DICOM associations by outcome (accepted, rejected, aborted, released)")
                    .tag("outcome", o.name().toLowerCase(java.util.Locale.ROOT)).register(registry);
        }
        storeSuccess = storeTimer("success");
        storeFailure = storeTimer("failure");
        storeBytes = DistributionSummary.builder("mipgw.dicom.store.bytes").baseUnit("bytes")
                .description("bytes of data set received by C-STORE").register(registry);
        findSuccess = findTimer("success");
        findFailure = findTimer("failure");
        fsync = Timer.builder("mipgw.archive.fsync").description("time to force an archived file to disk")
                .register(registry);
        indexCommit = Timer.builder("mipgw.archive.index.commit")
                .description("time to commit a group of received instances to the archive index (their C-STOREs "
                        + "wait for it, beside the syncs)").register(registry);
        indexGroup = DistributionSummary.builder("mipgw.archive.index.group").baseUnit("instances")
                .description("instances per archive index commit (concurrent associations share commits)")
                .register(registry);
    }

    /** Meters that go nowhere, for tests and tools. */
    public static DicomMetrics noop() {
        return new DicomMetrics(new CompositeMeterRegistry());
    }

    private Timer storeTimer(String outcome) {
        return Timer.builder("mipgw.dicom.store").description("C-STORE requests served, from request to response")
                .tag("outcome", outcome).register(registry);
    }

    private Timer findTimer(String outcome) {
        return Timer.builder("mipgw.dicom.find").description("C-FIND requests served, from request to final response")
                .tag("outcome", outcome).register(registry);
    }

    public void association(AssociationOutcome outcome) {
        associations[outcome.ordinal()].increment();
    }

    /** One C-STORE answered: {@code bytes} of data set received, {@code latency} request to response. */
    public void stored(long bytes, Duration latency, boolean success) {
        (success ? storeSuccess : storeFailure).record(latency);
        if (bytes > 0) {
            storeBytes.record(bytes);
        }
    }

    /** One C-FIND answered (final response sent or cancelled). */
    public void found(Duration latency, boolean success) {
        (success ? findSuccess : findFailure).record(latency);
    }

    /** One fsync (file and, where needed, its directory) of the archive writer. */
    public void fsynced(Duration time) {
        fsync.record(time);
    }

    /** One index commit of the archive: {@code instances} received instances indexed in {@code time}. */
    public void indexCommitted(int instances, Duration time) {
        indexCommit.record(time);
        indexGroup.record(instances);
    }

    /** Times {@code work} as an fsync; use around {@code FileChannel.force}. */
    public <E extends Exception> void fsync(ThrowingRunnable<E> work) throws E {
        long t0 = System.nanoTime();
        try {
            work.run();
        } finally {
            fsync.record(Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    @FunctionalInterface
    public interface ThrowingRunnable<E extends Exception> {
        void run() throws E;
    }
}
