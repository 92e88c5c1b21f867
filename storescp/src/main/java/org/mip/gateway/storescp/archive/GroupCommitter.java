package org.mip.gateway.storescp.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes received instances durable in groups: one thread takes every instance waiting (from all
 * associations), syncs each folder they were linked into once, commits them to the index in one
 * transaction, then completes each one's future (and so its C-STORE-RSP). While a group is being committed
 * the next one gathers, so under concurrent associations several instances share one directory sync and one
 * commit; a lone association pays them per instance, as it must before its response.
 *
 * <p>When a folder cannot be synced or the index cannot be written, the instances concerned fail (A700H at
 * the service) and their files are removed: nothing that was not reported stored stays in the archive.
 */
public final class GroupCommitter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

    private record Pending(ReceivedInstance instance, CompletableFuture<CommitResult> result) {}

    private final ArchiveIndex index;
    private final ArchiveLayout layout;
    private final ArchiveFs fs;
    private final int maxBatch;
    private final BiConsumer<List<ReceivedInstance>, List<CommitResult>> afterCommit;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private long batches;
    private long instances;

    /**
     * @param afterCommit told of every committed group (on the committer thread, after the futures
     *     completed; keep it short), e.g. to wake the forwarder
     */
    public GroupCommitter(ArchiveIndex index, ArchiveLayout layout, ArchiveFs fs, int maxBatch,
                          BiConsumer<List<ReceivedInstance>, List<CommitResult>> afterCommit) {
        this.index = Objects.requireNonNull(index);
        this.layout = Objects.requireNonNull(layout);
        this.fs = Objects.requireNonNull(fs);
        this.maxBatch = maxBatch;
        this.afterCommit = afterCommit == null ? (i, r) -> {} : afterCommit;
        this.thread = new Thread(this::run, "archive-committer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues {@code instance}; the future completes once its group is committed (or has failed). */
    public CompletableFuture<CommitResult> submit(ReceivedInstance instance) {
        CompletableFuture<CommitResult> f = new CompletableFuture<>();
        if (!running) {
            f.complete(CommitResult.failed(new IllegalStateException("archive committer stopped")));
            return f;
        }
        queue.add(new Pending(instance, f));
        return f;
    }

    /** Groups committed so far, and instances in them (for logs and tests). */
    public synchronized long[] stats() {
        return new long[] {batches, instances};
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (RuntimeException | Error e) {
                LOG.error("archive committer failed on a group of {}", batch.size(), e);
                for (Pending p : batch) {
                    p.result.complete(CommitResult.failed(e));
                    ArchiveWriter.deleteQuietly(layout.resolve(p.instance.path()));
                }
            } finally {
                batch.clear();
            }
        }
        for (Pending p; (p = queue.poll()) != null; ) {
            p.result.complete(CommitResult.failed(new IllegalStateException("archive committer stopped")));
            ArchiveWriter.deleteQuietly(layout.resolve(p.instance.path()));
        }
    }

    private void commit(List<Pending> batch) {
        Set<Path> dirs = new LinkedHashSet<>();
        for (Pending p : batch) {
            dirs.addAll(p.instance.dirsToSync());
        }
        // Parents before children is not needed for correctness: each sync makes one folder's entries durable,
        // and none of them is reported before all are done.
        for (Path dir : dirs) {
            try {
                fs.syncDirectory(dir);
            } catch (IOException e) {
                LOG.warn("cannot sync archive folder {}: {}; {} instance(s) fail", dir, e.toString(), batch.size());
                for (Pending p : batch) {
                    ArchiveWriter.deleteQuietly(layout.resolve(p.instance.path()));
                    p.result.complete(CommitResult.failed(e));
                }
                return;
            }
        }
        List<ReceivedInstance> instances = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            instances.add(p.instance);
        }
        List<CommitResult> results = index.commit(instances);
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
            this.instances += batch.size();
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result.complete(results.get(i));
        }
        try {
            afterCommit.accept(instances, results);
        } catch (RuntimeException e) {
            LOG.warn("after-commit hook failed", e);
        }
    }

    /** Commits what is queued, then stops the thread (waiting at most {@code millis}). */
    @Override
    public void close() {
        close(10_000);
    }

    public void close(long millis) {
        running = false;
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }
}
