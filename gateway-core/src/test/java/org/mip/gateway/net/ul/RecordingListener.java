package org.mip.gateway.net.ul;

import java.util.ArrayList;
import java.util.List;
import org.mip.gateway.net.pdu.PDataTf;

/** Records what the upper layer tells its user. */
final class RecordingListener implements AssociationListener {
    final List<String> events = new ArrayList<>();
    Association association;
    Termination termination;

    @Override
    public void onEstablished(Association a) {
        association = a;
        events.add("established");
    }

    @Override
    public void onPData(Association a, PDataTf pdu) {
        events.add("p-data " + pdu.pdvs().size());
        pdu.release();
    }

    @Override
    public void onClosed(Association a, Termination t) {
        termination = t;
        events.add("closed " + t.kind());
    }
}
