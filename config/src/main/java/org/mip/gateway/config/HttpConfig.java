package org.mip.gateway.config;

/** {@code http.*}: the HTTP API and web console. */
public record HttpConfig(String host, int port) {}
