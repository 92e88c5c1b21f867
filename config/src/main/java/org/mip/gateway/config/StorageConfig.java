package org.mip.gateway.config;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code archive.dir}, {@code storage.*} and {@code forward}: where instances go, and where storage
 * commitment reports go when they cannot use the requester's own association.
 */
public record StorageConfig(Path archiveDir, OnDuplicate onDuplicate, List<ForwardDestination> forward,
                            List<CommitmentPeer> commitmentPeers) {
    public StorageConfig {
        forward = List.copyOf(forward);
        commitmentPeers = List.copyOf(commitmentPeers);
    }

    /** Without commitment peers. */
    public StorageConfig(Path archiveDir, OnDuplicate onDuplicate, List<ForwardDestination> forward) {
        this(archiveDir, onDuplicate, forward, List.of());
    }

    /** What a second C-STORE of an instance the archive already holds does. */
    public enum OnDuplicate {
        /** Nothing is ever deleted; the newest copy is current. */
        KEEP_BOTH("keep-both"),
        OVERWRITE("overwrite"),
        REJECT("reject");

        private final String key;

        OnDuplicate(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** A PACS every received instance is forwarded to. */
    public record ForwardDestination(String aet, String host, int port) {
        @Override
        public String toString() {
            return aet + "@" + host + ":" + port;
        }
    }

    /**
     * {@code storage.commitment-peers}: the listener of a Storage Commitment SCU, by its calling AE
     * title, for a report sent on a new association (PS3.4 J.3.3.1.3) once the requesting one has gone.
     */
    public record CommitmentPeer(String aet, String host, int port) {
        @Override
        public String toString() {
            return aet + "@" + host + ":" + port;
        }
    }
}
