package dev.chartbox.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why a job did not succeed: the program's uncaught Python exception, the limit that stopped it,
 * or chartbox's own failure.
 *
 * @param type      e.g. {@code ZeroDivisionError}, {@code TimeoutError}, {@code InvalidJob}
 * @param message   one line for humans
 * @param traceback the Python traceback as printed (absent when there is none)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobError(String type, String message, String traceback) {}
