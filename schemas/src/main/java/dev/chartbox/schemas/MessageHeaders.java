package dev.chartbox.schemas;

import java.nio.charset.StandardCharsets;

/** Kafka header names and values on every chartbox message; header values are UTF-8 strings. */
public final class MessageHeaders {
    /** Ties a job's request and all its events together; the worker copies it from the job to each event. */
    public static final String CORRELATION_ID = "chartbox-correlation-id";
    /** Media type of the value; always {@link #JSON}. */
    public static final String CONTENT_TYPE = "content-type";
    /** Major version of the payload's schema; see {@link #SCHEMA_VERSION_VALUE}. */
    public static final String SCHEMA_VERSION = "chartbox-schema-version";
    /** What the payload is: {@link #TYPE_JOB_REQUEST} or {@link #TYPE_JOB_EVENT}. */
    public static final String MESSAGE_TYPE = "chartbox-message-type";

    public static final String JSON = "application/json";
    public static final String SCHEMA_VERSION_VALUE = "1";
    public static final String TYPE_JOB_REQUEST = "job-request";
    public static final String TYPE_JOB_EVENT = "job-event";

    private MessageHeaders() {}

    public static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    public static String text(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
