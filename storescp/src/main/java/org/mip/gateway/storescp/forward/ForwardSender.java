package org.mip.gateway.storescp.forward;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.mip.gateway.config.StorageConfig.ForwardDestination;

/** Sends archived files to a destination with C-STORE, on as few associations as it likes. */
@FunctionalInterface
public interface ForwardSender {

    /** The outcome for one file: {@code null} error when the destination answered Success or a warning. */
    record Outcome(int status, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /**
     * Sends {@code files} (absolute paths of Part 10 files); returns an outcome for every file. Throws when
     * nothing could be sent (e.g. the destination cannot be reached): every file then counts as failed.
     */
    Map<Path, Outcome> send(ForwardDestination destination, List<Path> files) throws Exception;
}
