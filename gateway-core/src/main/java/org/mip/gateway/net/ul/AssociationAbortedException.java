package org.mip.gateway.net.ul;

/** The association ended by A-ABORT or a lost connection before the awaited outcome. */
public final class AssociationAbortedException extends Exception {
    private final Termination termination;

    public AssociationAbortedException(Termination termination) {
        super(termination.kind() + ": " + termination.reason());
        this.termination = termination;
    }

    public Termination termination() {
        return termination;
    }
}
