/**
 * DICOM Upper Layer protocol data units (PS3.8 9.3) as plain immutable data.
 *
 * <p>Every PDU type is a record implementing the sealed {@link org.mip.gateway.net.pdu.Pdu}; the items
 * and sub-items of A-ASSOCIATE-RQ/AC (PS3.8 9.3.2, 9.3.3 and PS3.7 Annex D.3.3) are records too.
 * Fields whose wire value has reserved codes (reject and abort reasons, presentation context results)
 * keep the raw code as the record component, so that decode then encode reproduces the bytes, and offer
 * an enum view with a catch-all {@code RESERVED} constant.
 *
 * <p>Strings on the wire (AE titles, UIDs, implementation version names) are ISO 646 (ASCII) and are
 * read as ISO-8859-1, so every byte maps to one char. AE titles are trimmed of the spaces that pad them
 * to 16 bytes (PS3.8 9.3.2 Table 9-11: leading and trailing spaces are non-significant); UIDs are
 * stripped of a trailing NUL or space, a padding some implementations send although PS3.8 Annex F
 * forbids it.
 *
 * <p>Only {@link org.mip.gateway.net.pdu.PDataTf} holds pooled memory: see its Javadoc for the
 * reference-counting contract.
 */
package org.mip.gateway.net.pdu;
