package org.mip.gateway.storescp;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.mip.gateway.config.StorageConfig;
import org.mip.gateway.db.Database;
import org.mip.gateway.lifecycle.GatewayService;
import org.mip.gateway.lifecycle.ServiceState;
import org.mip.gateway.metrics.DicomMetrics;
import org.mip.gateway.net.dimse.CStoreRq;
import org.mip.gateway.net.dimse.ErrorInfo;
import org.mip.gateway.net.service.DimseStatusException;
import org.mip.gateway.net.service.IncomingDataSet;
import org.mip.gateway.storescp.archive.ArchiveFs;
import org.mip.gateway.storescp.archive.ArchiveIndex;
import org.mip.gateway.storescp.archive.ArchiveLayout;
import org.mip.gateway.storescp.archive.ArchiveWriter;
import org.mip.gateway.storescp.archive.CommitResult;
import org.mip.gateway.storescp.archive.GroupCommitter;
import org.mip.gateway.storescp.archive.ReceivedInstance;
import org.mip.gateway.storescp.reconcile.Reconciler;
import org.mip.gateway.storescp.reconcile.WorklistLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive as a gateway service ("archive"): at start it removes what a crash left in {@code
 * archive.dir/tmp} and opens the group committer; {@link #store} is what {@link ArchiveStoreService} calls
 * for each C-STORE. Start it after the database (whose {@code storescp} schema must be migrated) and before
 * the DICOM listener; stop it after the listener, so that in-flight stores are committed.
 */
public final class StorageArchive implements GatewayService {
    private static final Logger LOG = LoggerFactory.getLogger(StorageArchive.class);
    /** Largest group the committer takes at once. */
    static final int MAX_BATCH = 256;
    /**
     * Longest a commit leader waits for other stores on their way (never past its own syncs): about the
     * time an index commit takes here, so that the commit still ends near the syncs it runs beside.
     */
    static final Duration COMMIT_DELAY = Duration.ofNanos(300_000);

    private final StorageConfig config;
    private final Supplier<Database> database;
    private final Clock clock;
    private final ArchiveFs fs;
    private final WorklistLink worklist;
    private final ArchiveLayout layout;
    /**
     * Whether an instance's index commit waits for its marker in {@code tmp/} to be on the device (see {@link
     * ArchiveWriter}): with a database that syncs its commits (PostgreSQL), else a power cut between the
     * commit and the syncs could leave index rows naming a file that is gone, with no marker telling start-up
     * recovery to check it. Embedded H2 never syncs its file (not power-loss-safe, README "Which database"),
     * and a process crash ({@code kill -9}) keeps every rename the process made, so there the commit runs
     * beside all the syncs.
     */
    private volatile boolean markerBeforeIndex;
    /** Set by tests before start: {@link #markerBeforeIndex} whatever the database. */
    private volatile Boolean markerBeforeIndexOverride;
    private volatile Runnable onStored = () -> {};
    private volatile DicomMetrics metrics = DicomMetrics.noop();
    private volatile ServiceState state = ServiceState.NEW;
    private ArchiveWriter writer;
    private ArchiveIndex index;
    private GroupCommitter committer;
    private Reconciler reconciler;
    private ExecutorService background;

    public StorageArchive(StorageConfig config, Supplier<Database> database, Clock clock, WorklistLink worklist,
                          ArchiveFs fs) {
        this.config = Objects.requireNonNull(config);
        this.database = Objects.requireNonNull(database);
        this.clock = Objects.requireNonNull(clock);
        this.worklist = Objects.requireNonNull(worklist);
        this.fs = Objects.requireNonNull(fs);
        this.layout = new ArchiveLayout(config.archiveDir());
    }

    public StorageArchive(StorageConfig config, Supplier<Database> database, Clock clock, WorklistLink worklist) {
        this(config, database, clock, worklist, ArchiveFs.DEFAULT);
    }

    @Override
    public String name() {
        return "archive";
    }

    /** Called after every committed group that stored something (e.g. {@code ForwardService::wakeUp}). */
    public void onStored(Runnable hook) {
        this.onStored = Objects.requireNonNull(hook);
    }

    /** For tests: whether the index commit waits for the marker's sync, whatever the database (before start). */
    void markerBeforeIndex(boolean wait) {
        this.markerBeforeIndexOverride = wait;
    }

    /** Where each index commit is timed ({@code mipgw_archive_index_commit_seconds}, instances per commit). */
    public void metrics(DicomMetrics m) {
        this.metrics = Objects.requireNonNull(m);
    }

    @Override
    public synchronized void start() throws Exception {
        state = ServiceState.STARTING;
        try {
            Database db = database.get();
            Boolean override = markerBeforeIndexOverride;
            markerBeforeIndex = override != null ? override : db.dialect() != Database.Dialect.H2;
            writer = new ArchiveWriter(layout, fs, clock);
            index = new ArchiveIndex(db, clock, config.onDuplicate(), config.forward());
            writer.cleanTemporaryFiles(index);
            writer.startSpareFiles();
            reconciler = new Reconciler(db, worklist, clock);
            ThreadPoolExecutor bg = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000),
                    r -> {
                        Thread t = new Thread(r, "archive-reconcile");
                        t.setDaemon(true);
                        return t;
                    }, new ThreadPoolExecutor.DiscardPolicy());
            background = bg;
            committer = new GroupCommitter(index, layout, MAX_BATCH, COMMIT_DELAY, this::afterCommit);
            state = ServiceState.UP;
            LOG.info("archive ready in {} (on duplicate: {}, forwarding to {})", layout.root(),
                    config.onDuplicate().key(), config.forward().isEmpty() ? "none" : config.forward());
        } catch (Exception | Error e) {
            state = ServiceState.FAILED;
            throw e;
        }
    }

    private void afterCommit(List<ReceivedInstance> instances, List<CommitResult> results, Duration took) {
        metrics.indexCommitted(instances.size(), took);
        boolean stored = false;
        for (int i = 0; i < results.size(); i++) {
            CommitResult r = results.get(i);
            stored |= r.stored();
            if (r.newStudy() && r.stored()) {
                ReceivedInstance in = instances.get(i);
                LOG.info("new study {} from {}", in.header().studyInstanceUid(), in.callingAeTitle());
                background.execute(() -> reconciler.reconcile(r.studyPk(), in.header()));
            }
        }
        if (stored) {
            onStored.run();
        }
    }

    /**
     * Stores one instance: receive, sync, place, index (grouped with concurrent stores). Returns Success or
     * throws the failure status (see {@link StoreStatus}).
     */
    public int store(CStoreRq command, IncomingDataSet dataSet, String callingAeTitle) throws Exception {
        GroupCommitter c = committer;
        if (state != ServiceState.UP || c == null) {
            throw new DimseStatusException(StoreStatus.OUT_OF_RESOURCES, "archive not running");
        }
        if (config.onDuplicate() == StorageConfig.OnDuplicate.REJECT
                && index.contains(command.affectedSopInstanceUid())) {
            throw duplicate();
        }
        c.arriving(); // a commit leader meanwhile may wait for this instance (see GroupCommitter)
        ArchiveWriter.Placed placed;
        try {
            placed = writer.receive(command, dataSet, callingAeTitle);
        } catch (Exception | Error e) {
            c.gaveUp();
            throw e;
        }
        ReceivedInstance received = placed.instance();
        IOException notMarked = markerBeforeIndex ? placed.awaitMarked() : null;
        if (notMarked != null) {
            c.gaveUp();
            placed.awaitDurable(); // the other syncs are still running on the file
            throw notDurable(received, notMarked);
        }
        CommitResult result = c.commit(received, placed.durable()); // while its file and folders are synced
        IOException notDurable = placed.awaitDurable();
        if (notDurable != null) {
            if (result.stored()) {
                index.undo(received, result);
            }
            throw notDurable(received, notDurable);
        }
        // durable and indexed: the archive name is now the only one needed
        ArchiveWriter.deleteQuietly(received.tmpLink());
        return switch (result.kind()) {
            case STORED, STORED_AGAIN -> StoreStatus.SUCCESS;
            case DUPLICATE_REJECTED -> throw duplicate();
            case FAILED -> throw new DimseStatusException(StoreStatus.OUT_OF_RESOURCES,
                    ErrorInfo.comment("cannot index the instance"), result.error());
        };
    }

    /** Removes an instance whose file or folders could not be synced (and that is not indexed). */
    private DimseStatusException notDurable(ReceivedInstance received, IOException why) {
        LOG.warn("cannot sync an archive file or folder: {}; the instance is refused", why.toString());
        ArchiveWriter.deleteQuietly(layout.resolve(received.path()));
        ArchiveWriter.deleteQuietly(received.tmpLink());
        return new DimseStatusException(StoreStatus.OUT_OF_RESOURCES, ErrorInfo.comment("cannot sync the archive file"),
                why);
    }

    private static DimseStatusException duplicate() {
        return new DimseStatusException(StoreStatus.DUPLICATE_REJECTED, "SOP Instance already stored");
    }

    public ArchiveLayout layout() {
        return layout;
    }

    /** The index; only after {@link #start()}. */
    public ArchiveIndex index() {
        return index;
    }

    /** Reconciliation counters; only after {@link #start()}. */
    public Reconciler reconciler() {
        return reconciler;
    }

    public GroupCommitter committer() {
        return committer;
    }

    @Override
    public synchronized void stop(Duration grace) {
        if (state != ServiceState.UP) {
            state = ServiceState.STOPPED;
            return;
        }
        state = ServiceState.STOPPING;
        committer.close();
        writer.close();
        background.shutdown();
        try {
            background.awaitTermination(Math.max(100, grace.toMillis() / 2), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        background.shutdownNow();
        state = ServiceState.STOPPED;
    }

    @Override
    public ServiceState state() {
        return state;
    }
}
