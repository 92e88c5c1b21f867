package org.mip.gateway.storescp;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;
import org.mip.gateway.metrics.DicomMetrics;
import org.mip.gateway.storescp.archive.ArchiveFs;

/**
 * The archive's file system seam with each sync timed as {@code mipgw_archive_fsync_seconds}: the final
 * {@code force} of every archived file and the folder syncs before each index commit, i.e. the syncs a
 * C-STORE waits for. Background write-out while a large file is still arriving is not counted.
 */
public final class TimedArchiveFs implements ArchiveFs {
    private final ArchiveFs delegate;
    private final DicomMetrics metrics;

    public TimedArchiveFs(ArchiveFs delegate, DicomMetrics metrics) {
        this.delegate = Objects.requireNonNull(delegate);
        this.metrics = Objects.requireNonNull(metrics);
    }

    @Override
    public void syncFile(FileChannel channel) throws IOException {
        metrics.fsync(() -> delegate.syncFile(channel));
    }

    @Override
    public void place(Path tmp, Path target) throws IOException {
        delegate.place(tmp, target);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        metrics.fsync(() -> delegate.syncDirectory(dir));
    }
}
