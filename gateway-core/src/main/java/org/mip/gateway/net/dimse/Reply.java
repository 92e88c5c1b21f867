package org.mip.gateway.net.dimse;

import org.mip.gateway.dicom.data.Attributes;

/** One DIMSE response with its data set (null when it has none), e.g. a C-FIND match. */
public record Reply(DimseResponse response, Attributes dataSet) {}
