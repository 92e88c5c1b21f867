package org.mip.gateway.net.ul;

/** How an association (or a connection that never became one) ended, with a reason for the log. */
public record Termination(Kind kind, String reason) {
    public enum Kind {
        /** Orderly A-RELEASE (PS3.8 7.2), including a release collision. */
        RELEASED,
        /** The peer sent A-ABORT (A-ABORT indication, PS3.8 7.3). */
        ABORTED_BY_PEER,
        /** We sent A-ABORT: the local user's request, a timeout, or a protocol error (A-P-ABORT). */
        ABORTED_LOCALLY,
        /** The transport connection closed without release or abort (A-P-ABORT indication, PS3.8 7.4). */
        CONNECTION_LOST,
        /** The association was never established: A-ASSOCIATE-RJ sent or received. */
        REJECTED
    }

    public boolean released() {
        return kind == Kind.RELEASED;
    }
}
