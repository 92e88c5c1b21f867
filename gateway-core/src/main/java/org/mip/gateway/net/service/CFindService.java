package org.mip.gateway.net.service;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.net.dimse.CommandField;
import org.mip.gateway.net.dimse.ErrorInfo;
import org.mip.gateway.net.dimse.Status;

/**
 * A C-FIND SCP (e.g. Modality Worklist): decodes the Identifier, asks {@link #query} for a cursor of
 * matches and lets a {@link FindTask} send them. An Identifier that cannot be decoded is answered
 * {@link Status#UnableToDecodeDataSet}; {@link #query} may throw {@link DimseStatusException} (e.g.
 * A900H for keys that do not match the SOP class).
 */
public abstract class CFindService implements DimseService {
    private final Set<String> sopClasses;

    protected CFindService(String... sopClasses) {
        this.sopClasses = Set.of(sopClasses);
    }

    @Override
    public final Set<String> sopClasses() {
        return sopClasses;
    }

    @Override
    public final Set<CommandField> commandFields() {
        return EnumSet.of(CommandField.C_FIND_RQ);
    }

    @Override
    public final void onRequest(ServiceRequest request, DimseResponder responder) throws Exception {
        Attributes keys;
        try {
            keys = request.dataSet().read();
        } catch (IOException e) {
            throw new DimseStatusException(Status.UnableToDecodeDataSet,
                    ErrorInfo.comment("Identifier not decodable"), e);
        }
        new FindTask(request, query(request, keys), responder).run();
    }

    /** The matches for {@code keys}; called on a worker thread, may block. */
    protected abstract FindCursor query(ServiceRequest request, Attributes keys) throws Exception;
}
