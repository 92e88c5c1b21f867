package org.mip.gateway.storescp.archive;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes received instances in groups (leader/follower group commit, as databases do with their log):
 * each storing thread, once its file and folder are synced ({@link ArchiveWriter}), queues its instance and
 * takes the commit lock; whoever holds it takes every instance queued so far (its own and those of other
 * associations that arrived meanwhile), commits them to the index in one transaction and completes each
 * one's future. Threads that find their instance already committed by another leader just return. A lone
 * association so pays one commit per instance, on its own thread with no hand-off; concurrent associations
 * share them.
 *
 * <p>On two cores a commit is short next to the time between two instances, so leaders seldom found
 * anything but their own instance queued (1.15-1.26 instances per commit with four associations). Hence a commit
 * delay, as PostgreSQL's {@code commit_delay} with {@code commit_siblings}: while other stores are on their
 * way ({@link #arriving} was called for them and they have not queued yet), a leader waits for them, up to
 * {@code maxDelay} and never past the moment its own files are synced ({@code durable}), before it commits
 * what is queued; each instance that queues wakes it. The C-STORE waits for the syncs anyway, which run
 * meanwhile, so the wait costs little time and saves whole commits. Without other stores on their way
 * (one association) there is no wait.
 *
 * <p>When the index cannot be written, the instances concerned fail (A700H at the service) and their files
 * are removed: nothing that was not reported stored stays in the archive.
 */
public final class GroupCommitter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

    private record Pending(ReceivedInstance instance, CompletableFuture<CommitResult> result) {}

    private final ArchiveIndex index;
    private final ArchiveLayout layout;
    private final int maxBatch;
    private final Listener afterCommit;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock commitLock = new ReentrantLock();
    /** Signalled whenever an instance is queued, for a leader waiting for its siblings. */
    private final Condition queued = commitLock.newCondition();
    /** Stores announced by {@link #arriving} that have not queued (or given up) yet. */
    private final AtomicInteger onTheirWay = new AtomicInteger();
    private final long maxDelayNanos;
    private volatile boolean open = true;
    private long batches;
    private long instances;

    /** Told of every committed group, on the leader's thread after the stores' futures completed: keep it short. */
    @FunctionalInterface
    public interface Listener {
        /** {@code results.get(i)} is what became of {@code instances.get(i)}; the index commit took {@code took}. */
        void committed(List<ReceivedInstance> instances, List<CommitResult> results, Duration took);
    }

    /**
     * @param afterCommit told of every committed group, e.g. to wake the forwarder and time the commit (may be
     *     null)
     */
    public GroupCommitter(ArchiveIndex index, ArchiveLayout layout, int maxBatch, Duration maxDelay,
                          Listener afterCommit) {
        this.index = Objects.requireNonNull(index);
        this.layout = Objects.requireNonNull(layout);
        this.maxBatch = maxBatch;
        this.maxDelayNanos = maxDelay.toNanos();
        this.afterCommit = afterCommit == null ? (i, r, t) -> {} : afterCommit;
    }

    /**
     * Announces a store that will call {@link #commit} (or {@link #gaveUp}) once its instance is received and
     * placed, so that a leader committing meanwhile may wait for it.
     */
    public void arriving() {
        onTheirWay.incrementAndGet();
    }

    /** An announced store failed before its commit. */
    public void gaveUp() {
        onTheirWay.decrementAndGet();
        signalQueued();
    }

    /** Stores announced and not queued (or given up) yet: 0 when no store is running (for tests). */
    public int onTheirWay() {
        return onTheirWay.get();
    }

    /**
     * Commits {@code instance}, announced by {@link #arriving}, with whatever else is queued; as a leader,
     * waits first for the other announced stores (see the class comment), at most until {@code durable} is
     * done. Returns once its group is committed or has failed.
     */
    public CommitResult commit(ReceivedInstance instance, CompletableFuture<?> durable) {
        Pending p = new Pending(instance, new CompletableFuture<>());
        if (!open) {
            gaveUp();
            ArchiveWriter.deleteQuietly(layout.resolve(instance.path()));
            ArchiveWriter.deleteQuietly(instance.tmpLink());
            return CommitResult.failed(new IllegalStateException("archive committer closed"));
        }
        queue.add(p);
        onTheirWay.decrementAndGet();
        long deadline = System.nanoTime() + maxDelayNanos;
        boolean mayWait = maxDelayNanos > 0;
        boolean wakeOnDurable = false;
        while (!p.result.isDone()) {
            commitLock.lock();
            try {
                queued.signalAll(); // a leader waiting for its siblings: here is one
                while (mayWait && !p.result.isDone() && !durable.isDone() && onTheirWay.get() > 0
                        && queue.size() < maxBatch) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    if (!wakeOnDurable) {
                        wakeOnDurable = true;
                        durable.whenComplete((v, e) -> signalQueued());
                    }
                    queued.awaitNanos(left); // releases the lock: another store may lead meanwhile
                }
                if (!p.result.isDone()) {
                    // p is either still queued (we take it now) or was taken by the leader before us (done)
                    List<Pending> batch = new ArrayList<>();
                    for (Pending q; batch.size() < maxBatch && (q = queue.poll()) != null; ) {
                        batch.add(q);
                    }
                    if (!batch.isEmpty()) {
                        commitGroup(batch);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                mayWait = false; // stop waiting for siblings: commit now
            } finally {
                commitLock.unlock();
            }
        }
        return p.result.join();
    }

    private void signalQueued() {
        commitLock.lock();
        try {
            queued.signalAll();
        } finally {
            commitLock.unlock();
        }
    }

    /** Groups committed so far, and instances in them (for logs and tests). */
    public synchronized long[] stats() {
        return new long[] {batches, instances};
    }

    private void commitGroup(List<Pending> batch) {
        try {
            commit(batch);
        } catch (RuntimeException | Error e) {
            LOG.error("archive commit failed on a group of {}", batch.size(), e);
            fail(batch, e);
        }
    }

    private void fail(List<Pending> batch, Throwable e) {
        for (Pending p : batch) {
            if (!p.result.isDone()) {
                ArchiveWriter.deleteQuietly(layout.resolve(p.instance.path()));
                ArchiveWriter.deleteQuietly(p.instance.tmpLink());
                p.result.complete(CommitResult.failed(e));
            }
        }
    }

    private void commit(List<Pending> batch) {
        List<ReceivedInstance> received = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            received.add(p.instance);
        }
        long t0 = System.nanoTime();
        List<CommitResult> results = index.commit(received);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        for (int i = 0; i < batch.size(); i++) {
            CommitResult r = results.get(i);
            Pending p = batch.get(i);
            if (!r.stored()) {
                ArchiveWriter.deleteQuietly(layout.resolve(p.instance.path()));
            }
            for (Path old : r.obsoleteFiles()) {
                if (!old.equals(p.instance.path())) {
                    ArchiveWriter.deleteQuietly(layout.resolve(old));
                }
            }
        }
        synchronized (this) {
            batches++;
            instances += batch.size();
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result.complete(results.get(i));
        }
        try {
            afterCommit.committed(received, results, took);
        } catch (RuntimeException e) {
            LOG.warn("after-commit hook failed", e);
        }
    }

    /** Refuses new instances; those being committed finish on their own threads. */
    @Override
    public void close() {
        open = false;
        commitLock.lock();
        commitLock.unlock();
    }
}
