package org.mip.gateway.net.ul;

import org.mip.gateway.net.pdu.AAssociateRj;

/** The peer answered our A-ASSOCIATE-RQ with A-ASSOCIATE-RJ (PS3.8 9.3.4). */
public final class AssociationRejectedException extends Exception {
    private final AAssociateRj rj;

    public AssociationRejectedException(AAssociateRj rj) {
        super("association rejected: " + describe(rj));
        this.rj = rj;
    }

    public AAssociateRj rejection() {
        return rj;
    }

    public static String describe(AAssociateRj rj) {
        return "result " + rj.resultCode() + " (" + rj.result() + "), source " + rj.sourceCode() + " ("
                + rj.source() + "), reason " + rj.reasonCode() + " (" + rj.reason() + ")";
    }
}
