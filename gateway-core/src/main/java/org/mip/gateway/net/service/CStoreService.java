package org.mip.gateway.net.service;

import java.util.EnumSet;
import java.util.Set;
import org.mip.gateway.net.dimse.CStoreRq;
import org.mip.gateway.net.dimse.CommandField;

/**
 * A C-STORE SCP: {@link #store} receives the command and the data set as a stream that is still
 * arriving (write it to its file as it comes, e.g. {@code DataSetStream.transferTo(FileChannel)}), and
 * returns Success or a warning status (PS3.4 B.2.3: B000H, B007H, B006H); failures are thrown as {@link
 * DimseStatusException} (A700H out of resources, A900H, ...).
 */
public abstract class CStoreService implements DimseService {
    private final Set<String> sopClasses;

    protected CStoreService(Set<String> sopClasses) {
        this.sopClasses = Set.copyOf(sopClasses);
    }

    @Override
    public final Set<String> sopClasses() {
        return sopClasses;
    }

    @Override
    public final Set<CommandField> commandFields() {
        return EnumSet.of(CommandField.C_STORE_RQ);
    }

    @Override
    public final void onRequest(ServiceRequest request, DimseResponder responder) throws Exception {
        CStoreRq command = (CStoreRq) request.command();
        int status = store(request, command, request.dataSet());
        responder.send(command.response(status), null);
    }

    /** Stores the instance; returns the status of the C-STORE-RSP (Success or a warning). */
    protected abstract int store(ServiceRequest request, CStoreRq command, IncomingDataSet dataSet) throws Exception;
}
