package org.mip.gateway.hl7.order;

/** What an order message asks of the worklist, from ORC-1 and ORC-5 (HL7 v2.5.1 Tables 0119 and 0038). */
public enum OrderAction {
    /** ORC-1 NW: book (an order already known is updated). */
    NEW,
    /** ORC-1 XO, XX, SC, SN: change the booking. */
    UPDATE,
    /** ORC-1 CA, OC, CR, or a status change with ORC-5 CA: cancel. */
    CANCEL,
    /** ORC-1 DC, OD, DR, or a status change with ORC-5 DC: discontinue. */
    DISCONTINUE
}
