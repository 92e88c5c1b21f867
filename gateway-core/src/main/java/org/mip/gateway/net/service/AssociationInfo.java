package org.mip.gateway.net.service;

/** Who a request comes from, for services' decisions and logs. */
public record AssociationInfo(String callingAeTitle, String calledAeTitle, String remoteAddress) {

    /** "CALLING@host" as the logs show it. */
    @Override
    public String toString() {
        return callingAeTitle + "@" + remoteAddress;
    }
}
