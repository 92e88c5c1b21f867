package org.mip.gateway.net.server;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Tuning of the DICOM listener beyond {@code dicom.*}: timers, the service worker pool and the transfer
 * syntaxes accepted per SOP class (in any order: the acceptor applies its own preference).
 *
 * @param artimTimeout ARTIM (PS3.8 9.1.5): wait for the A-ASSOCIATE-RQ, and for the close after
 *     A-ASSOCIATE-RJ, A-RELEASE-RP or A-ABORT
 * @param idleTimeout an established association on which nothing is received or sent for this long is
 *     aborted
 * @param workerThreads threads running services (blocking work)
 * @param workerQueue tasks queued for them before associations are made to wait (back-pressure)
 * @param maxOpsPerformed asynchronous operations window we offer (PS3.7 D.3.3.3); 1 = synchronous
 * @param transferSyntaxes transfer syntaxes accepted for a SOP class
 */
public record ServerOptions(Duration artimTimeout, Duration idleTimeout, int workerThreads, int workerQueue,
        int maxOpsPerformed, Function<String, List<String>> transferSyntaxes) {

    public static ServerOptions defaults() {
        return new ServerOptions(Duration.ofSeconds(30), Duration.ofMinutes(5),
                Math.max(4, Runtime.getRuntime().availableProcessors() * 4), 256, 1, TransferSyntaxes::acceptedFor);
    }

    public ServerOptions withArtimTimeout(Duration d) {
        return new ServerOptions(d, idleTimeout, workerThreads, workerQueue, maxOpsPerformed, transferSyntaxes);
    }

    public ServerOptions withIdleTimeout(Duration d) {
        return new ServerOptions(artimTimeout, d, workerThreads, workerQueue, maxOpsPerformed, transferSyntaxes);
    }

    public ServerOptions withWorkers(int threads, int queue) {
        return new ServerOptions(artimTimeout, idleTimeout, threads, queue, maxOpsPerformed, transferSyntaxes);
    }
}
