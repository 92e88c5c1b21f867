package org.mip.gateway.net.pdu;

import java.util.List;
import java.util.Objects;

/**
 * Presentation Context Item of an A-ASSOCIATE-RQ (item type 20H, PS3.8 9.3.2.2 Table 9-13): item byte 5
 * the presentation context ID (an odd number 1-255), bytes 6-8 reserved, then one Abstract Syntax
 * Sub-Item (30H, Table 9-14) and one or more Transfer Syntax Sub-Items (40H, Table 9-15).
 *
 * <p>The decoder does not check that the ID is odd or that a transfer syntax is proposed: answering
 * such a context (reject it or abort) is the upper layer's decision.
 */
public record PresentationContextRq(int id, String abstractSyntax, List<String> transferSyntaxes) {
    /** Item type of the Presentation Context Item in an A-ASSOCIATE-RQ. */
    public static final int ITEM_TYPE = 0x20;
    /** Sub-item type of the Abstract Syntax Sub-Item. */
    public static final int ABSTRACT_SYNTAX = 0x30;
    /** Sub-item type of the Transfer Syntax Sub-Item. */
    public static final int TRANSFER_SYNTAX = 0x40;

    public PresentationContextRq {
        if (id < 0 || id > 0xFF) {
            throw new IllegalArgumentException("presentation context ID not in 0..255: " + id);
        }
        Objects.requireNonNull(abstractSyntax, "abstractSyntax");
        transferSyntaxes = List.copyOf(transferSyntaxes);
    }

    public PresentationContextRq(int id, String abstractSyntax, String... transferSyntaxes) {
        this(id, abstractSyntax, List.of(transferSyntaxes));
    }
}
