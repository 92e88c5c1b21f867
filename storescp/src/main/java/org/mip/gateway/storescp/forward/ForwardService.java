package org.mip.gateway.storescp.forward;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.mip.gateway.config.StorageConfig.ForwardDestination;
import org.mip.gateway.db.Database;
import org.mip.gateway.lifecycle.GatewayService;
import org.mip.gateway.lifecycle.ServiceState;
import org.mip.gateway.storescp.archive.ArchiveLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards every stored instance to each {@code forward} destination ("forward" service): one sender thread
 * per destination claims due jobs from the {@link ForwardQueue} (a batch per association), sends them with a
 * {@link ForwardSender}, and marks each done or schedules it again with exponential backoff ({@link
 * Options#backoffBase()} × 2^(attempt-1), at most {@link Options#backoffMax()}); after {@link
 * Options#maxAttempts()} a job is {@code FAILED}. The queue is in the database, so a restart resumes where
 * the last run stopped. {@link #wakeUp()} (wired to the archive's commits) starts a send at once instead
 * of at the next poll.
 */
public final class ForwardService implements GatewayService {
    private static final Logger LOG = LoggerFactory.getLogger(ForwardService.class);

    /**
     * @param batch jobs sent per association
     * @param lease how long a claimed job is reserved for this sender before another may take it
     * @param poll how often an idle sender looks for due jobs
     */
    public record Options(int batch, Duration lease, Duration poll, Duration backoffBase, Duration backoffMax,
                          int maxAttempts) {
        public static Options defaults() {
            return new Options(200, Duration.ofMinutes(10), Duration.ofSeconds(2), Duration.ofSeconds(10),
                    Duration.ofMinutes(10), 1000);
        }
    }

    private final List<ForwardDestination> destinations;
    private final Supplier<Database> database;
    private final ArchiveLayout layout;
    private final ForwardSender sender;
    private final Clock clock;
    private final Options options;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private volatile ServiceState state = ServiceState.NEW;
    private volatile ForwardQueue queue;
    private long wakeups;

    public ForwardService(List<ForwardDestination> destinations, Supplier<Database> database, Path archiveDir,
                          ForwardSender sender, Clock clock, Options options) {
        this.destinations = List.copyOf(destinations);
        this.database = Objects.requireNonNull(database);
        this.layout = new ArchiveLayout(archiveDir);
        this.sender = Objects.requireNonNull(sender);
        this.clock = Objects.requireNonNull(clock);
        this.options = Objects.requireNonNull(options);
    }

    @Override
    public String name() {
        return "forward";
    }

    @Override
    public synchronized void start() {
        state = ServiceState.STARTING;
        queue = new ForwardQueue(database.get(), clock);
        running = true;
        for (ForwardDestination d : destinations) {
            Thread t = new Thread(() -> loop(d), "forward-" + d.aet());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        state = ServiceState.UP;
        if (!destinations.isEmpty()) {
            LOG.info("forwarding to {}; queue: {}", destinations, queue.counts(null));
        }
    }

    /** Something was stored: look for due jobs now. */
    public void wakeUp() {
        lock.lock();
        try {
            wakeups++;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public ForwardQueue queue() {
        return queue;
    }

    private void loop(ForwardDestination destination) {
        String key = destination.toString();
        while (running) {
            long seen;
            lock.lock();
            try {
                seen = wakeups;
            } finally {
                lock.unlock();
            }
            int sent = 0;
            try {
                sent = sendDue(destination, key);
            } catch (RuntimeException e) {
                LOG.warn("forwarding to {}: {}", destination, e.toString());
            }
            if (sent > 0) {
                continue;
            }
            lock.lock();
            try {
                if (running && wakeups == seen) {
                    wake.await(options.poll().toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    /** Sends one batch of due jobs; returns how many were claimed. */
    int sendDue(ForwardDestination destination, String key) {
        List<ForwardQueue.Job> jobs = queue.claim(key, options.batch(), options.lease());
        if (jobs.isEmpty()) {
            return 0;
        }
        List<Path> files = new ArrayList<>(jobs.size());
        List<ForwardQueue.Job> sendable = new ArrayList<>(jobs.size());
        for (ForwardQueue.Job j : jobs) {
            Path file = layout.resolve(j.path());
            if (Files.isRegularFile(file)) {
                files.add(file);
                sendable.add(j);
            } else {
                queue.failed(j, "file missing from the archive: " + j.path(), null);
            }
        }
        Map<Path, ForwardSender.Outcome> outcomes;
        String error = null;
        try {
            outcomes = files.isEmpty() ? Map.of() : sender.send(destination, files);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcomes = Map.of();
            error = "interrupted";
        } catch (Exception e) {
            outcomes = Map.of();
            error = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        List<ForwardQueue.Job> done = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < sendable.size(); i++) {
            ForwardQueue.Job j = sendable.get(i);
            ForwardSender.Outcome o = outcomes.get(files.get(i));
            if (o != null && o.ok()) {
                done.add(j);
            } else {
                failed++;
                String why = o != null ? o.error() : error != null ? error : "not sent";
                queue.failed(j, why, j.attempt() >= options.maxAttempts() ? null
                        : clock.instant().plus(ForwardQueue.backoff(j.attempt(), options.backoffBase(), options.backoffMax())));
            }
        }
        queue.done(done);
        if (failed > 0) {
            LOG.warn("forwarding to {}: {} sent, {} failed ({}); retrying with backoff", destination, done.size(),
                    failed, error != null ? error : "see forward queue");
        } else {
            LOG.info("forwarded {} instance(s) to {}", done.size(), destination);
        }
        return jobs.size();
    }

    @Override
    public synchronized void stop(Duration grace) {
        state = ServiceState.STOPPING;
        running = false;
        wakeUp();
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                t.interrupt(); // jobs it holds are claimed again when their lease runs out
            }
        }
        threads.clear();
        state = ServiceState.STOPPED;
    }

    @Override
    public ServiceState state() {
        return state;
    }
}
