package org.mip.gateway.dicom.io;

import org.mip.gateway.dicom.data.Attributes;

/**
 * A DICOM file as read: preamble ({@code null} if the file had none), File Meta Information
 * ({@code null} for a bare data set), the data set, and the transfer syntax it was encoded in.
 */
public record DicomFile(byte[] preamble, Attributes fileMeta, Attributes dataset, TransferSyntax transferSyntax) {}
