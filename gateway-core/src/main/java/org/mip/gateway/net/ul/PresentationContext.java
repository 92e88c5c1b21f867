package org.mip.gateway.net.ul;

/**
 * An accepted presentation context of an established association: its ID, the abstract syntax (SOP
 * class) proposed for it and the transfer syntax the acceptor chose (PS3.8 7.1.1.13).
 */
public record PresentationContext(int id, String abstractSyntax, String transferSyntax) {}
