package org.mip.gateway.net.ul;

/**
 * The actions of the DICOM UL state machine: association establishment (PS3.8 9.2.2 Table 9-6),
 * data transfer (Table 9-7), release (Table 9-8) and abort (Table 9-9). {@link #next} is the state
 * the action leads to; AE-6 and AR-8 have two outcomes, chosen by the caller.
 */
public enum Action {
    /** Issue TRANSPORT CONNECT request primitive to local transport service. */
    AE_1("Sta4"),
    /** Send A-ASSOCIATE-RQ PDU. */
    AE_2("Sta5"),
    /** Issue A-ASSOCIATE confirmation (accept) primitive. */
    AE_3("Sta6"),
    /** Issue A-ASSOCIATE confirmation (reject) primitive and close transport connection. */
    AE_4("Sta1"),
    /** Issue Transport connection response primitive; start ARTIM timer. */
    AE_5("Sta2"),
    /**
     * Stop ARTIM timer; if the A-ASSOCIATE-RQ is acceptable by the service-provider, issue A-ASSOCIATE
     * indication (Sta3), otherwise send A-ASSOCIATE-RJ PDU and start ARTIM timer (Sta13).
     */
    AE_6("Sta3"),
    /** Send A-ASSOCIATE-AC PDU. */
    AE_7("Sta6"),
    /** Send A-ASSOCIATE-RJ PDU and start ARTIM timer. */
    AE_8("Sta13"),
    /** Send P-DATA-TF PDU. */
    DT_1("Sta6"),
    /** Send P-DATA indication primitive. */
    DT_2("Sta6"),
    /** Send A-RELEASE-RQ PDU. */
    AR_1("Sta7"),
    /** Issue A-RELEASE indication primitive. */
    AR_2("Sta8"),
    /** Issue A-RELEASE confirmation primitive, and close transport connection. */
    AR_3("Sta1"),
    /** Issue A-RELEASE-RP PDU and start ARTIM timer. */
    AR_4("Sta13"),
    /** Stop ARTIM timer. */
    AR_5("Sta1"),
    /** Issue P-DATA indication (while awaiting A-RELEASE-RP). */
    AR_6("Sta7"),
    /** Issue P-DATA-TF PDU (while awaiting the local A-RELEASE response). */
    AR_7("Sta8"),
    /** Issue A-RELEASE indication (release collision): Sta9 for the requestor, Sta10 for the acceptor. */
    AR_8("Sta9"),
    /** Send A-RELEASE-RP PDU. */
    AR_9("Sta11"),
    /** Issue A-RELEASE confirmation primitive. */
    AR_10("Sta12"),
    /** Send A-ABORT PDU and start (or restart) ARTIM timer. */
    AA_1("Sta13"),
    /** Stop ARTIM timer if running; close transport connection. */
    AA_2("Sta1"),
    /** Issue A-ABORT (or A-P-ABORT) indication and close transport connection. */
    AA_3("Sta1"),
    /** Issue A-P-ABORT indication primitive. */
    AA_4("Sta1"),
    /** Stop ARTIM timer. */
    AA_5("Sta1"),
    /** Ignore PDU. */
    AA_6("Sta13"),
    /** Send A-ABORT PDU. */
    AA_7("Sta13"),
    /** Send A-ABORT PDU (service-provider source), issue an A-P-ABORT indication, and start ARTIM timer. */
    AA_8("Sta13");

    // The name, not the constant: State's table refers to Action, and class initialization must not
    // depend on which of the two enums is loaded first.
    private final String next;

    Action(String next) {
        this.next = next;
    }

    /** The state after this action (for AE-6 and AR-8: the first outcome; see their description). */
    public State next() {
        return State.valueOf(next);
    }

    /** The standard's name, e.g. {@code "AA-8"}. */
    public String label() {
        return name().replace('_', '-');
    }
}
