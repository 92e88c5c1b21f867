package org.mip.gateway.app;

public final class Main {
    public static void main(String[] args) {}
}
