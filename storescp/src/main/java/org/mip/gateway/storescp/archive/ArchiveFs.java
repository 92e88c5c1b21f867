package org.mip.gateway.storescp.archive;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The file system operations that make a stored instance durable, behind one seam so that tests can make
 * any of them fail like a full or broken disk.
 */
public interface ArchiveFs {

    /** Flushes the file's data (and its size) to the device: {@code FileChannel.force(false)}, fdatasync. */
    default void syncFile(FileChannel channel) throws IOException {
        channel.force(false);
    }

    /**
     * Gives {@code tmp} the further name {@code target} atomically, failing with {@link
     * FileAlreadyExistsException} when {@code target} exists: a hard link (same file system). Unlike rename(2),
     * link(2) never replaces an existing file, so no stored copy is ever lost. The temporary name stays until
     * the index commit, so that a crash in between can be undone at start-up.
     */
    default void place(Path tmp, Path target) throws IOException {
        Files.createLink(target, tmp);
    }

    /** Makes the directory's entries (a rename or link into it, a new subfolder) durable: fsync on the directory. */
    default void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    ArchiveFs DEFAULT = new ArchiveFs() {};
}
