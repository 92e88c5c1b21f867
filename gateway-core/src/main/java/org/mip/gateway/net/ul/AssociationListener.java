package org.mip.gateway.net.ul;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.mip.gateway.net.pdu.PDataTf;

/**
 * The upper layer's user: the DIMSE layer on top of one association. Every method is called on the
 * association's event loop and must not block; blocking work goes to an executor, and a user that
 * cannot keep up calls {@link Association#pauseReading()}.
 */
public interface AssociationListener {

    /** Creates the listener of a newly accepted association (acceptor side). */
    @FunctionalInterface
    interface Factory {
        AssociationListener newListener(Association association);
    }

    /** The association is established (A-ASSOCIATE confirmation or response sent). */
    default void onEstablished(Association association) {}

    /**
     * A P-DATA indication (PS3.8 Table 9-7 DT-2, AR-6). The listener owns {@code pdu} and must release
     * it (or pass it on).
     */
    void onPData(Association association, PDataTf pdu);

    /**
     * The peer requested release (A-RELEASE indication, AR-2). The A-RELEASE-RP is sent when the
     * returned stage completes, so responses still being produced can be sent first (P-DATA is allowed in
     * Sta8, AR-7). The default releases at once.
     */
    default CompletionStage<Void> onReleaseRequested(Association association) {
        return CompletableFuture.completedFuture(null);
    }

    /** The association ended (released or aborted); called once. Free whatever it still holds. */
    default void onClosed(Association association, Termination termination) {}
}
