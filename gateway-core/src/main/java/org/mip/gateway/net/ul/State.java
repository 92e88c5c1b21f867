package org.mip.gateway.net.ul;

import static org.mip.gateway.net.ul.Action.*;
import static org.mip.gateway.net.ul.Event.*;

import java.util.EnumMap;
import java.util.Map;

/**
 * The states of the DICOM UL protocol machine (PS3.8 9.2.1 Table 9-10 "States") with the state
 * transition table (PS3.8 9.2.3 Table 9-10, "DICOM Upper Layer Protocol State Transition Table"):
 * {@link #on(Event)} is the action the table names for this state and an event, or {@code null} where
 * the table's cell is blank (the event cannot happen in that state; the upper layer treats a local
 * primitive in such a state as a programming error and a received PDU as Evt19).
 */
public enum State {
    Sta1("Idle"),
    Sta2("Transport connection open (awaiting A-ASSOCIATE-RQ PDU)"),
    Sta3("Awaiting local A-ASSOCIATE response primitive"),
    Sta4("Awaiting transport connection opening to complete"),
    Sta5("Awaiting A-ASSOCIATE-AC or A-ASSOCIATE-RJ PDU"),
    Sta6("Association established and ready for data transfer"),
    Sta7("Awaiting A-RELEASE-RP PDU"),
    Sta8("Awaiting local A-RELEASE response primitive"),
    Sta9("Release collision requestor side; awaiting A-RELEASE response"),
    Sta10("Release collision acceptor side; awaiting A-RELEASE-RP PDU"),
    Sta11("Release collision requestor side; awaiting A-RELEASE-RP PDU"),
    Sta12("Release collision acceptor side; awaiting A-RELEASE response primitive"),
    Sta13("Awaiting transport connection close indication (association no longer exists)");

    private final String description;
    private final Map<Event, Action> actions = new EnumMap<>(Event.class);

    State(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The action of PS3.8 Table 9-10 for {@code event} in this state; {@code null} for a blank cell. */
    public Action on(Event event) {
        return actions.get(event);
    }

    /** Whether P-DATA-TF may be sent in this state (Evt9: DT-1 in Sta6, AR-7 in Sta8). */
    public boolean canSendData() {
        return this == Sta6 || this == Sta8;
    }

    // PS3.8 Table 9-10, one row per event. Columns Sta1..Sta13; null is a blank cell.
    static {
        row(Evt1, AE_1, null, null, null, null, null, null, null, null, null, null, null, null);
        row(Evt2, null, null, null, AE_2, null, null, null, null, null, null, null, null, null);
        row(Evt3, null, AA_1, AA_8, null, AE_3, AA_8, AA_8, AA_8, AA_8, AA_8, AA_8, AA_8, AA_6);
        row(Evt4, null, AA_1, AA_8, null, AE_4, AA_8, AA_8, AA_8, AA_8, AA_8, AA_8, AA_8, AA_6);
        row(Evt5, AE_5, null, null, null, null, null, null, null, null, null, null, null, null);
        row(Evt6, null, AE_6, AA_8, null, AA_8, AA_8, AA_8, AA_8, AA_8, AA_8, AA_8, AA_8, AA_7);
        row(Evt7, null, null, AE_7, null, null, null, null, null, null, null, null, null, null);
        row(Evt8, null, null, AE_8, null, null, null, null, null, null, null, null, null, null);
        row(Evt9, null, null, null, null, null, DT_1, null, AR_7, null, null, null, null, null);
        row(Evt10, null, AA_1, AA_8, null, AA_8, DT_2, AR_6, AA_8, AA_8, AA_8, AA_8, AA_8, AA_6);
        row(Evt11, null, null, null, null, null, AR_1, null, null, null, null, null, null, null);
        row(Evt12, null, AA_1, AA_8, null, AA_8, AR_2, AR_8, AA_8, AA_8, AA_8, AA_8, AA_8, AA_6);
        row(Evt13, null, AA_1, AA_8, null, AA_8, AA_8, AR_3, AA_8, AA_8, AR_10, AR_3, AA_8, AA_6);
        row(Evt14, null, null, null, null, null, null, null, AR_4, AR_9, null, null, AR_4, null);
        row(Evt15, null, null, AA_1, AA_2, AA_1, AA_1, AA_1, AA_1, AA_1, AA_1, AA_1, AA_1, null);
        row(Evt16, null, AA_2, AA_3, null, AA_3, AA_3, AA_3, AA_3, AA_3, AA_3, AA_3, AA_3, AA_2);
        row(Evt17, null, AA_5, AA_4, AA_4, AA_4, AA_4, AA_4, AA_4, AA_4, AA_4, AA_4, AA_4, AR_5);
        row(Evt18, null, AA_2, null, null, null, null, null, null, null, null, null, null, AA_2);
        row(Evt19, null, AA_1, AA_8, null, AA_8, AA_8, AA_8, AA_8, AA_8, AA_8, AA_8, AA_8, AA_7);
    }

    private static void row(Event event, Action... byState) {
        State[] states = values();
        if (byState.length != states.length) {
            throw new AssertionError("row " + event + " has " + byState.length + " cells");
        }
        for (int i = 0; i < states.length; i++) {
            if (byState[i] != null) {
                states[i].actions.put(event, byState[i]);
            }
        }
    }
}
