package org.mip.gateway.net.service;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.net.dimse.CommandField;
import org.mip.gateway.net.dimse.Status;

/** The Verification SOP Class SCP (PS3.4 A.4): answers every C-ECHO-RQ with Success. */
public final class VerificationService implements DimseService {

    @Override
    public Set<String> sopClasses() {
        return Set.of(UID.Verification);
    }

    @Override
    public Set<CommandField> commandFields() {
        return EnumSet.of(CommandField.C_ECHO_RQ);
    }

    @Override
    public void onRequest(ServiceRequest request, DimseResponder responder) throws IOException {
        responder.send(request.command().response(Status.Success), null);
    }

    /** Answering a C-ECHO is immediate: it may run on the event loop. */
    @Override
    public boolean nonBlocking() {
        return true;
    }

    @Override
    public String toString() {
        return "VerificationService";
    }
}
