package org.mip.gateway.storescp.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.io.DicomParseException;
import org.mip.gateway.net.dimse.CStoreRq;
import org.mip.gateway.net.dimse.DataSetStream;
import org.mip.gateway.net.dimse.ErrorInfo;
import org.mip.gateway.net.service.DimseStatusException;
import org.mip.gateway.net.service.IncomingDataSet;
import org.mip.gateway.storescp.StoreStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives one instance into the archive, up to the point where only the index commit is missing:
 * <ol>
 *   <li>a temporary file in {@code archive.dir/tmp} gets the Part 10 preamble and File Meta Information,
 *       then the data set exactly as its fragments arrive (zero-copy from the network buffers; memory is
 *       bounded by the data set stream's watermarks whatever the size);</li>
 *   <li>the file is parsed from disk ({@link InstanceHeader#read}) and checked against the command;</li>
 *   <li>it is linked under its final name {@code <Study>/<Series>/<SOP>[.n].dcm} ({@link ArchiveFs#place});
 *       its data ({@code FileChannel.force}, fdatasync, started as soon as the last byte is written) and the
 *       folders that got a new entry (fsync) are synced concurrently with each other and with the index
 *       commit the caller runs meanwhile; the Success waits for all of them ({@link Placed#durable}). Should
 *       the machine stop in between, the marker left in {@code tmp/} lets start-up recovery remove a file the
 *       index does not have, or one it has that is not whole ({@link #cleanTemporaryFiles}). With a database
 *       that syncs its commits, the caller starts the commit once the marker's folder is synced
 *       ({@link Placed#marked}): else a power cut could keep index rows whose file and marker are both
 *       lost; the file's and the series folder's syncs still run beside the commit.</li>
 * </ol>
 * On any failure the temporary (and, if already placed, the final) file is removed before the failure
 * status is thrown as a {@link DimseStatusException} (see {@link StoreStatus}).
 */
public final class ArchiveWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveWriter.class);

    private final ArchiveLayout layout;
    private final ArchiveFs fs;
    private final Clock clock;
    /** Bytes after which a background flush of a file being received starts (see DiskChannel). */
    static final long FLUSH_EVERY = 8L << 20;
    private final Executor flusher = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "archive-flush");
        t.setDaemon(true);
        return t;
    });
    /** File and folder syncs run here, concurrently with each other and with the index commit. */
    private final ExecutorService syncer = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "archive-sync");
        t.setDaemon(true);
        return t;
    });
    /** Empty temporary files created ahead of need ({@link #startSpareFiles}). */
    private final BlockingQueue<Path> spares = new ArrayBlockingQueue<>(4);
    private volatile Thread spareMaker;
    private final String tmpPrefix = Long.toHexString(System.nanoTime()) + "-";
    private final AtomicLong tmpCounter = new AtomicLong();

    public ArchiveWriter(ArchiveLayout layout, ArchiveFs fs, Clock clock) {
        this.layout = Objects.requireNonNull(layout);
        this.fs = Objects.requireNonNull(fs);
        this.clock = Objects.requireNonNull(clock);
    }

    public ArchiveLayout layout() {
        return layout;
    }

    /**
     * Removes what a crash left in {@code tmp/}: files being received ({@code *.part}, never counted as
     * stored), and markers of files linked into the archive whose C-STORE had not finished ({@code *.lnk},
     * whose name is their archive path). The index commit runs concurrently with the syncs, so such a file
     * may be indexed or not: one the index does not have is removed from the archive (it was never reported
     * stored); one it has stays only if it is whole — the size the index recorded and a data set that parses
     * (after a power cut its unsynced data may be missing) — else the file and its index rows are removed;
     * so are the index rows of a marker whose archive name did not survive a power cut. Makes sure the
     * folder exists.
     *
     * @param index the archive index, to look up and take back what was committed
     * @return the number of leftover files removed from {@code tmp/}
     */
    public int cleanTemporaryFiles(ArchiveIndex index) throws IOException {
        Files.createDirectories(layout.tmpDir());
        int removed = 0;
        int unindexed = 0;
        try (Stream<Path> files = Files.list(layout.tmpDir())) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                String name = p.getFileName().toString();
                if (name.endsWith(LINKED)) {
                    Path rel = Path.of(name.substring(0, name.length() - LINKED.length()).replace(SEP, '/'));
                    Path archived = layout.resolve(rel);
                    if (Files.exists(archived) && Files.isSameFile(archived, p)) {
                        long indexedSize = index.indexedSize(ArchiveIndex.relative(rel));
                        if (indexedSize < 0 || !whole(archived, indexedSize)) {
                            if (indexedSize >= 0) {
                                index.removeFile(ArchiveIndex.relative(rel));
                            }
                            Files.delete(archived);
                            unindexed++;
                        }
                    } else if (!Files.exists(archived) && index.indexedSize(ArchiveIndex.relative(rel)) >= 0) {
                        // the power went before the archive folder's entry was on the device, but after the
                        // index commit (a database that syncs its commits): the instance was never reported
                        // stored, and its index rows must not name a file that is not there
                        index.removeFile(ArchiveIndex.relative(rel));
                        unindexed++;
                    }
                }
                Files.deleteIfExists(p);
                removed++;
            }
        }
        if (removed > 0) {
            LOG.info("removed {} file(s) left in {} by an earlier run ({} of them already in the archive but "
                    + "not indexed or not whole, removed from it)", removed, layout.tmpDir(), unindexed);
        }
        return removed;
    }

    private static boolean whole(Path file, long indexedSize) {
        try {
            if (Files.size(file) != indexedSize) {
                return false;
            }
            InstanceHeader.read(file);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Suffix of a temporary name whose file is linked into the archive; the rest is its path with '/' as {@link #SEP}. */
    static final String LINKED = ".lnk";
    /** Never in a path segment ({@link ArchiveLayout#segment} keeps only letters, digits and dots). */
    static final char SEP = '+';

    static String linkedName(Path rel) {
        return ArchiveIndex.relative(rel).replace('/', SEP) + LINKED;
    }

    /**
     * An instance linked into the archive whose syncs are running: {@link #durable} completes when its data
     * and the folders it was linked into are on the device, {@link #marked} when its marker in {@code tmp/}
     * is (the sync of that folder, one of the syncs {@code durable} waits for); both exceptionally with the
     * {@link IOException}.
     */
    public record Placed(ReceivedInstance instance, CompletableFuture<Void> durable, CompletableFuture<Void> marked) {
        /** Waits for the syncs; {@code null} when durable, else why not. */
        public IOException awaitDurable() {
            return await(durable);
        }

        /** Waits for the marker's folder to be synced; {@code null} when it is, else why not. */
        public IOException awaitMarked() {
            return await(marked);
        }

        private static IOException await(CompletableFuture<Void> f) {
            try {
                f.join();
                return null;
            } catch (CompletionException e) {
                Throwable c = e.getCause();
                return c instanceof UncheckedIOException u ? u.getCause()
                        : c instanceof IOException io ? io : new IOException(c);
            }
        }
    }

    /** Receives {@code dataSet}; see the class comment. */
    public Placed receive(CStoreRq command, IncomingDataSet dataSet, String callingAeTitle) throws IOException {
        Path spare = spares.poll();
        Path[] tmp = {spare != null ? spare : newTemporaryName(".part")};
        Path placed = null;
        boolean ok = false;
        FileChannel ch = spare != null ? FileChannel.open(tmp[0], StandardOpenOption.WRITE)
                : FileChannel.open(tmp[0], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            long size;
            DiskChannel disk = new DiskChannel(ch, flusher);
            byte[] meta = FileMeta.encode(FileMeta.build(command.affectedSopClassUid(),
                    command.affectedSopInstanceUid(), dataSet.transferSyntaxUid(), callingAeTitle));
            disk.write(ByteBuffer.wrap(meta));
            InputStream in = dataSet.stream();
            try {
                if (in instanceof DataSetStream stream) {
                    stream.transferTo(disk);
                } else {
                    in.transferTo(Channels.newOutputStream(disk));
                }
            } catch (DiskException e) {
                throw outOfResources("cannot write the archive file", e.getCause());
            }
            size = disk.written;
            // the data is all written: its sync runs while the data set is parsed, checked and placed
            CompletableFuture<Void> fileSync = startFileSync(ch, disk);
            InstanceHeader header = parse(tmp[0]);
            check(command, header);
            ReceivedInstance r = place(tmp, header, size, dataSet.transferSyntaxUid(), callingAeTitle);
            placed = layout.resolve(r.path());
            Placed p = startDirectorySyncs(r, fileSync);
            ok = true;
            return p;
        } finally {
            if (!ok) {
                closeQuietly(ch);
                deleteQuietly(tmp[0]);
                if (placed != null) {
                    deleteQuietly(placed);
                }
            }
        }
    }

    /**
     * Starts syncing the file's data (fdatasync; then the channel is closed) on the {@code archive-sync}
     * threads, as soon as the last byte is written.
     */
    private CompletableFuture<Void> startFileSync(FileChannel ch, DiskChannel disk) {
        return CompletableFuture.runAsync(() -> {
            try {
                disk.awaitFlush();
                fs.syncFile(ch);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                closeQuietly(ch);
            }
        }, syncer);
    }

    /**
     * Starts syncing each folder that got a new entry (fsync), concurrently with the file's sync and with
     * the index commit the storing thread runs meanwhile: a lone association so waits for the longest of
     * them rather than their sum (and the journal commits of the syncs can merge).
     *
     * @return the placed instance, whose futures complete when the file and every folder are synced, and when
     *     the {@code tmp/} folder (with the instance's marker) is
     */
    private Placed startDirectorySyncs(ReceivedInstance r, CompletableFuture<Void> fileSync) {
        Set<Path> dirs = r.dirsToSync();
        List<CompletableFuture<Void>> syncs = new ArrayList<>(dirs.size() + 1);
        syncs.add(fileSync);
        CompletableFuture<Void> marked = null;
        for (Path dir : dirs) {
            CompletableFuture<Void> sync = CompletableFuture.runAsync(() -> {
                try {
                    fs.syncDirectory(dir);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, syncer);
            syncs.add(sync);
            if (dir.equals(layout.tmpDir())) {
                marked = sync;
            }
        }
        if (marked == null) {
            throw new IllegalStateException("the marker's folder is not among the folders to sync: " + dirs);
        }
        return new Placed(r, CompletableFuture.allOf(syncs.toArray(CompletableFuture[]::new)), marked);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.warn("could not close an archive file: {}", e.toString());
        }
    }

    /** Stops the sync threads (after the last {@link #receive}). */
    public void close() {
        syncer.shutdown();
        Thread t = spareMaker;
        if (t != null) {
            t.interrupt();
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Path p; (p = spares.poll()) != null; ) {
            deleteQuietly(p);
        }
    }

    /** Suffix of an empty temporary file created ahead of need; it keeps the name while it is written. */
    public static final String SPARE = ".spare";

    private Path newTemporaryName(String suffix) {
        return layout.tmpDir().resolve(tmpPrefix + tmpCounter.incrementAndGet() + suffix);
    }

    /**
     * Creates empty temporary files ahead of need on the {@code archive-tmpfiles} thread: creating a file
     * (an inode and a directory entry, under the file system's journal) costs a few hundred microseconds
     * here, which a lone association would otherwise wait for with every instance; opening an existing
     * empty file costs a tenth of that. At most four wait, empty ({@code *.spare}); leftovers are removed at
     * start-up like any {@code .part}, and a spare being received keeps its name until it is linked.
     */
    public void startSpareFiles() {
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Path p = newTemporaryName(SPARE);
                    Files.createFile(p);
                    if (!spares.offer(p, 1, TimeUnit.HOURS)) {
                        deleteQuietly(p);
                    }
                }
            } catch (InterruptedException e) {
                // closing
            } catch (IOException e) {
                LOG.warn("cannot create spare temporary files in {} ({}); files are created as instances arrive",
                        layout.tmpDir(), e.toString());
            }
        }, "archive-tmpfiles");
        t.setDaemon(true);
        spareMaker = t;
        t.start();
    }

    private static InstanceHeader parse(Path file) {
        try {
            return InstanceHeader.read(file);
        } catch (DicomParseException e) {
            throw new DimseStatusException(StoreStatus.NOT_DECODABLE,
                    ErrorInfo.comment("Data set does not parse at byte " + e.offset()), e);
        } catch (IOException e) {
            throw new DimseStatusException(StoreStatus.NOT_DECODABLE, ErrorInfo.comment("Data set does not parse"), e);
        }
    }

    /** PS3.4 B.2.3: the UIDs the archive needs, and agreement of the data set with the command. */
    static void check(CStoreRq command, InstanceHeader h) {
        requireUid(h.sopInstanceUid(), Tag.SOPInstanceUID, "SOP Instance UID");
        requireUid(h.studyInstanceUid(), Tag.StudyInstanceUID, "Study Instance UID");
        requireUid(h.seriesInstanceUid(), Tag.SeriesInstanceUID, "Series Instance UID");
        if (!command.affectedSopClassUid().equals(h.sopClassUid())) {
            throw new DimseStatusException(StoreStatus.SOP_CLASS_MISMATCH, new ErrorInfo(
                    "SOP Class UID differs from Affected SOP Class UID", null, List.of(Tag.SOPClassUID), List.of()));
        }
        if (!command.affectedSopInstanceUid().equals(h.sopInstanceUid())) {
            throw new DimseStatusException(StoreStatus.SOP_INSTANCE_MISMATCH, new ErrorInfo(
                    "SOP Instance UID differs from Affected SOP Instance UID", null, List.of(Tag.SOPInstanceUID),
                    List.of()));
        }
    }

    private static void requireUid(String value, int tag, String name) {
        if (value == null || value.isEmpty()) {
            throw new DimseStatusException(StoreStatus.CANNOT_UNDERSTAND,
                    new ErrorInfo("Missing " + name, null, List.of(tag), List.of()));
        }
    }

    /**
     * Links the file under the first free name {@code <SOP>[.n].dcm}; before each attempt the temporary name
     * is changed to say which archive path it is about to get ({@link #linkedName}), so that a crash between
     * the link and the index commit can be undone ({@link #cleanTemporaryFiles}). {@code tmp[0]} follows the
     * temporary name.
     */
    private ReceivedInstance place(Path[] tmp, InstanceHeader h, long size, String ts, String callingAet) {
        try {
            Set<Path> dirs = new LinkedHashSet<>();
            Path seriesRel = layout.seriesDir(h.studyInstanceUid(), h.seriesInstanceUid());
            Path studyDir = layout.resolve(seriesRel.getParent());
            Path seriesDir = layout.resolve(seriesRel);
            if (!Files.isDirectory(seriesDir)) {
                if (!Files.isDirectory(studyDir)) {
                    Files.createDirectories(studyDir);
                    dirs.add(layout.root()); // the new study folder's entry
                }
                Files.createDirectories(seriesDir);
                dirs.add(studyDir); // the new series folder's entry
            }
            dirs.add(seriesDir);
            dirs.add(layout.tmpDir()); // the marker naming the archive path, for start-up recovery
            for (int n = 0; ; n++) {
                Path rel = layout.instanceFile(h.studyInstanceUid(), h.seriesInstanceUid(), h.sopInstanceUid(), n);
                Path target = layout.resolve(rel);
                if (Files.exists(target)) {
                    continue; // another copy of this instance
                }
                Path linked = layout.tmpDir().resolve(linkedName(rel));
                Files.move(tmp[0], linked, StandardCopyOption.ATOMIC_MOVE);
                tmp[0] = linked;
                try {
                    fs.place(linked, target);
                    return new ReceivedInstance(h, rel, size, ts, callingAet, clock.instant(), Set.copyOf(dirs), linked);
                } catch (FileAlreadyExistsException e) {
                    // taken meanwhile by a concurrent copy: try the next name
                }
            }
        } catch (DimseStatusException e) {
            throw e;
        } catch (IOException e) {
            throw outOfResources("cannot move the file into the archive", e);
        }
    }

    static DimseStatusException outOfResources(String comment, Throwable cause) {
        return new DimseStatusException(StoreStatus.OUT_OF_RESOURCES, ErrorInfo.comment(comment), cause);
    }

    public static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (NoSuchFileException e) {
            // gone already
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", p, e.toString());
        }
    }

    /** Marks write failures as the disk's, so that they are told apart from an aborted data set stream. */
    private static final class DiskException extends IOException {
        private static final long serialVersionUID = 1L;

        DiskException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Writes to the file and, every {@link #FLUSH_EVERY} bytes, starts writing the data out to the device in
     * the background ({@code force(false)} on another thread) while the rest is still arriving: the sync
     * before the Success then has at most the last stretch left to write. Only a speed-up: durability comes
     * from the final {@link ArchiveFs#syncFile}.
     */
    private static final class DiskChannel implements WritableByteChannel {
        private final FileChannel ch;
        private final Executor flusher;
        private CompletableFuture<Void> flushing;
        private long flushedMark;
        long written;

        DiskChannel(FileChannel ch, Executor flusher) {
            this.ch = ch;
            this.flusher = flusher;
        }

        private void maybeFlush() {
            if (written - flushedMark >= FLUSH_EVERY && (flushing == null || flushing.isDone())) {
                flushedMark = written;
                flushing = CompletableFuture.runAsync(() -> {
                    try {
                        ch.force(false);
                    } catch (IOException e) {
                        // the final sync reports it
                    }
                }, flusher);
            }
        }

        /** Waits for a background flush still running (so that the final sync is not issued twice at once). */
        void awaitFlush() {
            if (flushing != null) {
                flushing.join();
            }
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            try {
                int n = 0;
                while (src.hasRemaining()) {
                    n += ch.write(src);
                }
                written += n;
                maybeFlush();
                return n;
            } catch (IOException e) {
                throw new DiskException(e);
            }
        }

        @Override
        public boolean isOpen() {
            return ch.isOpen();
        }

        @Override
        public void close() {
            // the FileChannel is closed by the writer
        }
    }
}
