package org.mip.gateway.storescp.archive;

import java.nio.file.Path;
import java.util.List;

/**
 * How the index took a received instance.
 *
 * @param obsoleteFiles with {@code overwrite}: earlier copies (relative paths) whose rows were removed in the
 *     same transaction; deleted from disk after the commit
 * @param newStudy whether this instance created its study in the index (the worklist link is looked up then)
 */
public record CommitResult(Kind kind, long studyPk, long instancePk, long filePk, boolean newStudy,
                           List<Path> obsoleteFiles, Throwable error) {

    public enum Kind {
        /** A new instance. */
        STORED,
        /** Another copy of an instance the archive held (keep-both: kept beside it; overwrite: replaced it). */
        STORED_AGAIN,
        /** storage.on-duplicate=reject and the archive already held it: nothing changed. */
        DUPLICATE_REJECTED,
        /** The index could not be written. */
        FAILED
    }

    public boolean stored() {
        return kind == Kind.STORED || kind == Kind.STORED_AGAIN;
    }

    static CommitResult failed(Throwable error) {
        return new CommitResult(Kind.FAILED, 0, 0, 0, false, List.of(), error);
    }

    static CommitResult rejected(long studyPk, long instancePk) {
        return new CommitResult(Kind.DUPLICATE_REJECTED, studyPk, instancePk, 0, false, List.of(), null);
    }
}
