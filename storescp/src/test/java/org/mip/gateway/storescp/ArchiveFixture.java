package org.mip.gateway.storescp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.mip.gateway.storescp.archive.ArchiveWriter;
import org.mip.gateway.config.DbConfig;
import org.mip.gateway.config.StorageConfig;
import org.mip.gateway.config.StorageConfig.ForwardDestination;
import org.mip.gateway.config.StorageConfig.OnDuplicate;
import org.mip.gateway.db.Database;
import org.mip.gateway.storescp.archive.ArchiveFs;
import org.mip.gateway.storescp.archive.ArchiveIndex;
import org.mip.gateway.storescp.reconcile.WorklistLink;
import org.mip.gateway.testing.TestDatabases;

/** A started archive over a database (H2 in the folder, or the given one) and {@code dir/archive}. */
final class ArchiveFixture implements AutoCloseable {
    final Path archiveDir;
    final Database db;
    final StorageArchive archive;
    final ArchiveStoreService service;
    private final DbConfig pg;

    private ArchiveFixture(Path archiveDir, Database db, StorageArchive archive, DbConfig pg) {
        this.archiveDir = archiveDir;
        this.db = db;
        this.archive = archive;
        this.service = new ArchiveStoreService(archive);
        this.pg = pg;
    }

    static ArchiveFixture h2(Path dir, OnDuplicate onDuplicate) throws Exception {
        return start(dir, TestDatabases.h2(dir), null, onDuplicate, List.of(), ArchiveFs.DEFAULT, WorklistLink.NONE);
    }

    static ArchiveFixture postgres(Path dir, OnDuplicate onDuplicate) throws Exception {
        DbConfig pg = TestDatabases.postgres();
        return start(dir, pg, pg, onDuplicate, List.of(), ArchiveFs.DEFAULT, WorklistLink.NONE);
    }

    static ArchiveFixture start(Path dir, DbConfig dbConfig, DbConfig dropAfter, OnDuplicate onDuplicate,
                                List<ForwardDestination> forward, ArchiveFs fs, WorklistLink link) throws Exception {
        return start(dir, dbConfig, dropAfter, onDuplicate, forward, fs, link, a -> {});
    }

    /** As above; {@code beforeStart} may set up the archive before it starts. */
    static ArchiveFixture start(Path dir, DbConfig dbConfig, DbConfig dropAfter, OnDuplicate onDuplicate,
                                List<ForwardDestination> forward, ArchiveFs fs, WorklistLink link,
                                Consumer<StorageArchive> beforeStart) throws Exception {
        Database db = Database.open(dbConfig);
        db.migrate(ArchiveIndex.SCHEMA);
        Path archiveDir = dir.resolve("archive");
        StorageArchive archive = new StorageArchive(new StorageConfig(archiveDir, onDuplicate, forward), () -> db,
                Clock.systemUTC(), link, fs);
        beforeStart.accept(archive);
        archive.start();
        return new ArchiveFixture(archiveDir, db, archive, dropAfter);
    }

    /**
     * A disk whose sync of the {@code tmp/} folder (the instance's marker) ends only once the index holds an
     * instance, or after {@code waitForRow}, and then records how many instances the index holds: a commit that
     * runs beside the marker's sync is seen however slow the machine (give a long wait); one that waits for it
     * is not (a short wait is enough, as the commit would otherwise follow within milliseconds).
     */
    static ArchiveFs slowMarkerSync(Path tmpDir, AtomicReference<ArchiveFixture> fixture, List<Long> indexedAtMarkerSync,
                                    Duration waitForRow) {
        return new ArchiveFs() {
            @Override
            public void syncDirectory(Path d) throws IOException {
                ArchiveFs.super.syncDirectory(d);
                if (d.equals(tmpDir)) {
                    long deadline = System.nanoTime() + waitForRow.toNanos();
                    long indexed;
                    while ((indexed = fixture.get().count("SELECT COUNT(*) FROM st_instance")) == 0
                            && System.nanoTime() < deadline) {
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            break;
                        }
                    }
                    indexedAtMarkerSync.add(indexed);
                }
            }
        };
    }

    /** Every regular file in the archive except the temporary folder's. */
    List<Path> archivedFiles() throws IOException {
        try (Stream<Path> s = Files.walk(archiveDir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.startsWith(archiveDir.resolve("tmp"))).sorted().toList();
        }
    }

    /** Files in {@code tmp/} other than the empty spares the writer creates ahead of need. */
    List<Path> temporaryFiles() throws IOException {
        return temporaryFiles(archiveDir);
    }

    static List<Path> temporaryFiles(Path archiveDir) throws IOException {
        try (Stream<Path> s = Files.list(archiveDir.resolve("tmp"))) {
            return s.filter(p -> !(p.getFileName().toString().endsWith(ArchiveWriter.SPARE) && size(p) == 0)).toList();
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    long count(String sql) {
        return db.inTransaction(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public void close() {
        archive.stop(Duration.ofSeconds(5));
        db.close();
        if (pg != null) {
            TestDatabases.dropPostgres(pg);
        }
    }
}
