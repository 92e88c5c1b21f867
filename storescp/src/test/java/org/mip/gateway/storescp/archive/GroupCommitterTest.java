package org.mip.gateway.storescp.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.gateway.config.StorageConfig.OnDuplicate;
import org.mip.gateway.db.Database;
import org.mip.gateway.testing.TestDatabases;

/**
 * The commit delay of the group committer: a leader waits for stores announced as on their way, but never
 * past its own syncs, and never when nobody else is coming. Delays here are minutes, so that a test can only
 * pass by the rule (an arrival, a sync done, nobody announced), never by the clock.
 */
class GroupCommitterTest {
    private static final Duration LONG = Duration.ofMinutes(5);

    @TempDir
    Path dir;
    private Database db;
    private ArchiveIndex index;
    private GroupCommitter committer;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void open() {
        db = Database.open(TestDatabases.h2(dir));
        db.migrate(ArchiveIndex.SCHEMA);
        index = new ArchiveIndex(db, Clock.systemUTC(), OnDuplicate.KEEP_BOTH, List.of());
        committer = new GroupCommitter(index, new ArchiveLayout(dir.resolve("archive")), 256, LONG, null);
    }

    @AfterEach
    void close() {
        pool.shutdownNow();
        committer.close();
        db.close();
    }

    @Test
    void aLeaderWaitsForAStoreOnItsWay_andCommitsBothInOneTransaction() throws Exception {
        committer.arriving(); // the leader's own store
        committer.arriving(); // a second association's store, still receiving
        CompletableFuture<Void> syncsRunning = new CompletableFuture<>();
        Future<CommitResult> first = pool.submit(() -> committer.commit(instance("1.2.3.1"), syncsRunning));
        awaitUntil(() -> committer.onTheirWay() == 1 && committer.stats()[0] == 0);
        assertThat(first.isDone()).as("the leader waits for the store on its way").isFalse();

        CommitResult second = committer.commit(instance("1.2.3.2"), new CompletableFuture<>());

        assertThat(second.stored()).isTrue();
        assertThat(first.get(30, TimeUnit.SECONDS).stored()).isTrue();
        assertThat(committer.stats()).as("one commit, two instances").containsExactly(1, 2);
        assertThat(indexedInstances()).isEqualTo(2);
    }

    @Test
    void aLeaderStopsWaitingWhenItsOwnFilesAreSynced() throws Exception {
        committer.arriving();
        committer.arriving(); // announced, but it will not come
        CompletableFuture<Void> syncs = new CompletableFuture<>();
        Future<CommitResult> first = pool.submit(() -> committer.commit(instance("1.2.3.1"), syncs));
        awaitUntil(() -> committer.onTheirWay() == 1);
        assertThat(first.isDone()).isFalse();

        syncs.complete(null);

        assertThat(first.get(30, TimeUnit.SECONDS).stored()).isTrue();
        assertThat(committer.stats()).containsExactly(1, 1);
        assertThat(indexedInstances()).isEqualTo(1);
    }

    @Test
    void aLeaderStopsWaitingWhenTheStoreOnItsWayGivesUp() throws Exception {
        committer.arriving();
        committer.arriving();
        Future<CommitResult> first = pool.submit(() -> committer.commit(instance("1.2.3.1"), new CompletableFuture<>()));
        awaitUntil(() -> committer.onTheirWay() == 1);

        committer.gaveUp(); // e.g. its data set did not parse

        assertThat(first.get(30, TimeUnit.SECONDS).stored()).isTrue();
        assertThat(committer.onTheirWay()).isZero();
        assertThat(indexedInstances()).isEqualTo(1);
    }

    @Test
    void aLoneStoreIsCommittedAtOnce() throws Exception {
        committer.arriving();
        Future<CommitResult> lone = pool.submit(() -> committer.commit(instance("1.2.3.1"), new CompletableFuture<>()));

        // nobody else announced: no wait at all, although the syncs never finish and the delay is minutes
        assertThat(lone.get(30, TimeUnit.SECONDS).stored()).isTrue();
        assertThat(committer.onTheirWay()).isZero();
        assertThat(indexedInstances()).isEqualTo(1);
    }

    private ReceivedInstance instance(String sopInstanceUid) {
        InstanceHeader h = new InstanceHeader("1.2.840.10008.5.1.4.1.1.4", sopInstanceUid, "1.2.3", "1.2.3.4", "PID1",
                "", "Doe^Jane", "19700101", "F", "20260101", "", "ACC1", "1", "", "", "MR", "1", "", "1");
        Path rel = Path.of("1.2.3", "1.2.3.4", sopInstanceUid + ".dcm");
        return new ReceivedInstance(h, rel, 1000, "1.2.840.10008.1.2.1", "MODALITY", Instant.now(), Set.of(),
                dir.resolve("archive/tmp/" + sopInstanceUid + ".lnk"));
    }

    private long indexedInstances() {
        return db.inTransaction(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM st_instance")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not reached in 30 s");
            }
            Thread.sleep(5);
        }
        Thread.sleep(100); // and it stays so: the leader is waiting, not about to commit
    }
}
