package org.mip.gateway.mwl.query;

import java.util.List;
import org.mip.gateway.dicom.data.Attributes;

/**
 * A worklist query translated to SQL: the statement with its string parameters, and the keys SQL did not
 * express ({@code residual}, matched in Java on the rows returned; {@code null} when nothing is left).
 */
public record SqlQuery(String sql, List<String> parameters, Attributes residual) {}
