package org.mip.gateway.net.client;

import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.net.dimse.DimseResponse;

/** One DIMSE response with its data set (null when it has none), e.g. a C-FIND match. */
public record Reply(DimseResponse response, Attributes dataSet) {}
