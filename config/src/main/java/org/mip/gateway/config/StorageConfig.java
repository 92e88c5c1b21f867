package org.mip.gateway.config;

import java.nio.file.Path;
import java.util.List;

/** {@code archive.dir}, {@code storage.*} and {@code forward}: where instances go. */
public record StorageConfig(Path archiveDir, OnDuplicate onDuplicate, List<ForwardDestination> forward) {
    public StorageConfig {
        forward = List.copyOf(forward);
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
}
