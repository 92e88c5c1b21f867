/**
 * The archive on disk and its index: {@link org.mip.gateway.storescp.archive.ArchiveWriter} (receive into
 * {@code tmp/}, Part 10 meta, parse, check, fsync, link into {@code <Study>/<Series>/<SOP>[.n].dcm}),
 * {@link org.mip.gateway.storescp.archive.GroupCommitter} (folder syncs and index commits shared by
 * concurrent associations), {@link org.mip.gateway.storescp.archive.ArchiveIndex} (tables of
 * {@code db/migration/storescp}) and the {@link org.mip.gateway.storescp.archive.ArchiveFs} seam for the
 * file system operations that make an instance durable.
 */
package org.mip.gateway.storescp.archive;
