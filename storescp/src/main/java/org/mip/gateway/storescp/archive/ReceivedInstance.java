package org.mip.gateway.storescp.archive;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

/**
 * An instance received and linked under its final name, its syncs running, not yet indexed (so not yet
 * stored: the C-STORE-RSP waits for the syncs and the index commit).
 *
 * @param path the file, relative to {@code archive.dir}
 * @param dirsToSync folders whose entries changed (the series folder, and parents of new folders), absolute
 * @param tmpLink the file's name in {@code tmp/} (absolute), which names the final path; removed once the
 *     instance is durable and indexed
 */
public record ReceivedInstance(InstanceHeader header, Path path, long size, String transferSyntaxUid,
                               String callingAeTitle, Instant receivedAt, Set<Path> dirsToSync, Path tmpLink) {}
