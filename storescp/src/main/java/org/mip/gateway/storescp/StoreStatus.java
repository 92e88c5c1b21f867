package org.mip.gateway.storescp;

import org.mip.gateway.net.dimse.Status;

/**
 * The C-STORE statuses this SCP sends, and why each code was chosen.
 *
 * <ul>
 *   <li>{@link #OUT_OF_RESOURCES} A700H "Refused: Out of Resources" (PS3.4 B.2.3 Table B.2-1, A7xx): the
 *       archive could not write, sync or rename the file (disk full, I/O error) or the index could not be
 *       committed.</li>
 *   <li>{@link #SOP_CLASS_MISMATCH} A900H "Error: Data Set does not match SOP Class" (Table B.2-1, A9xx):
 *       SOP Class UID (0008,0016) of the data set differs from the command's Affected SOP Class UID;
 *       Offending Element (0000,0901) names (0008,0016).</li>
 *   <li>{@link #SOP_INSTANCE_MISMATCH} 0117H "Invalid SOP Instance" (PS3.7 Annex C general status, listed
 *       for C-STORE in PS3.2 Table N.7-42): SOP Instance UID (0008,0018) differs from the command's
 *       Affected SOP Instance UID. Offending Element names (0008,0018).</li>
 *   <li>{@link #CANNOT_UNDERSTAND} C000H "Error: Cannot understand" (Table B.2-1, Cxxx): a required
 *       attribute is missing or empty (Study, Series or SOP Instance UID); Offending Element names it.</li>
 *   <li>{@link #NOT_DECODABLE} C310H, within Cxxx "Cannot understand": the data set does not parse (the
 *       gateway's convention for undecodable data sets, see {@code Status.UnableToDecodeDataSet}).</li>
 *   <li>{@link #DUPLICATE_REJECTED} 0111H "Duplicate SOP Instance" (PS3.7 Annex C): with
 *       {@code storage.on-duplicate=reject}, an instance the archive already holds. PS3.4 B.2.3 has no
 *       storage-specific code for this; 0111H is the general failure with exactly this meaning, and SCUs
 *       treat any status outside 0000H/Bxxx as a failure (PS3.4 B.2.1).</li>
 * </ul>
 */
public final class StoreStatus {
    public static final int SUCCESS = Status.Success;
    public static final int OUT_OF_RESOURCES = Status.OutOfResources;
    public static final int SOP_CLASS_MISMATCH = Status.DataSetDoesNotMatchSOPClass;
    public static final int SOP_INSTANCE_MISMATCH = Status.InvalidSOPInstance;
    public static final int CANNOT_UNDERSTAND = Status.UnableToProcess;
    public static final int NOT_DECODABLE = Status.UnableToDecodeDataSet;
    public static final int DUPLICATE_REJECTED = Status.DuplicateSOPInstance;

    private StoreStatus() {}
}
