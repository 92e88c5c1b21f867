/** Read side of the index for the HTTP API: {@link org.mip.gateway.storescp.query.StudyQuery}. */
package org.mip.gateway.storescp.query;
