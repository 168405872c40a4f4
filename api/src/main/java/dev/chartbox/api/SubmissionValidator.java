package dev.chartbox.api;

import dev.chartbox.api.RequestRejectedException.FieldProblem;
import dev.chartbox.schemas.InputFile;
import dev.chartbox.schemas.JobLimits;
import dev.chartbox.schemas.JobSubmission;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Checks a parsed submission against the contract and the server's configured sizes and maximums.
 * Shape errors and limits above the maximums are 400; code or files over the sizes are 413.
 */
@Component
public class SubmissionValidator {

    static final String INVALID = "invalid";
    static final String TOO_LARGE = "too_large";
    static final String LIMITS = "limits";

    private static final int MIN_MEMORY_MIB = 64;
    private static final int MAX_METADATA_ENTRIES = 64;
    private static final int MAX_METADATA_LENGTH = 1024;

    private final ApiProperties properties;

    public SubmissionValidator(ApiProperties properties) {
        this.properties = properties;
    }

    /**
     * The characters that make code blank: every whitespace of Java, ECMAScript and Python regular
     * expressions alike, so the OpenAPI pattern ({@link #NOT_BLANK}) and this check agree in any engine.
     */
    static final String BLANK_CHARS = "\t\n\u000b\f\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680"
            + "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";
    /** A JSON Schema pattern: contains a character outside {@link #BLANK_CHARS}. */
    static final String NOT_BLANK = "[^\\t\\n\\u000b\\f\\r\\u001c-\\u001f \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]";

    /**
     * The longest code in characters (code points, as JSON Schema counts them): a quarter of the
     * configured size, so that any such code fits in it as UTF-8. The OpenAPI document states this
     * limit, and a limit in bytes alone would accept code the document calls too long.
     */
    static long maxCodeCharacters(ApiProperties properties) {
        return properties.maxCodeSize().toBytes() / 4;
    }

    static boolean isBlank(String text) {
        return text.chars().allMatch(c -> BLANK_CHARS.indexOf(c) >= 0);
    }

    public void validate(JobSubmission submission) {
        List<FieldProblem> invalid = new ArrayList<>();
        List<FieldProblem> limits = new ArrayList<>();
        List<FieldProblem> tooLarge = new ArrayList<>();

        if (submission.code() == null || isBlank(submission.code())) {
            invalid.add(new FieldProblem("code", "is required and must not be blank"));
        } else if (submission.code().codePointCount(0, submission.code().length()) > maxCodeCharacters(properties)) {
            tooLarge.add(new FieldProblem("code", "is longer than " + maxCodeCharacters(properties) + " characters"));
        }
        checkFiles(submission.files(), invalid, tooLarge);
        checkLimits(submission.limits(), invalid, limits);
        if (submission.formats() != null && submission.formats().contains(null)) {
            invalid.add(new FieldProblem("formats", "must not contain null"));
        } else if (submission.formats() != null && new HashSet<>(submission.formats()).size() < submission.formats().size()) {
            invalid.add(new FieldProblem("formats", "must not name a format twice"));
        }
        if (submission.metadata() != null) {
            if (submission.metadata().size() > MAX_METADATA_ENTRIES) {
                invalid.add(new FieldProblem("metadata", "has more than " + MAX_METADATA_ENTRIES + " entries"));
            }
            submission.metadata().forEach((key, value) -> {
                if (value == null || key.length() > MAX_METADATA_LENGTH || value.length() > MAX_METADATA_LENGTH) {
                    invalid.add(new FieldProblem("metadata." + key, "must be a string of at most " + MAX_METADATA_LENGTH + " characters"));
                }
            });
        }

        if (!invalid.isEmpty()) {
            invalid.addAll(limits);
            throw new RequestRejectedException(HttpStatus.BAD_REQUEST, INVALID, "The job submission is invalid.", invalid);
        }
        if (!limits.isEmpty()) {
            throw new RequestRejectedException(HttpStatus.BAD_REQUEST, LIMITS, "The job asks for limits above this server's maximums.", limits);
        }
        if (!tooLarge.isEmpty()) {
            throw new RequestRejectedException(HttpStatus.CONTENT_TOO_LARGE, TOO_LARGE, "The job submission is too large.", tooLarge);
        }
    }

    /** A client's Idempotency-Key: 1 to 255 printable ASCII characters. */
    public static void checkIdempotencyKey(String key) {
        if (key != null && (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
            throw new RequestRejectedException(HttpStatus.BAD_REQUEST, INVALID, "The Idempotency-Key header is invalid.",
                    List.of(new FieldProblem("Idempotency-Key", "must be 1 to 255 printable ASCII characters")));
        }
    }

    private void checkFiles(List<InputFile> files, List<FieldProblem> invalid, List<FieldProblem> tooLarge) {
        if (files == null) {
            return;
        }
        if (files.size() > properties.maxFiles()) {
            tooLarge.add(new FieldProblem("files", "has more than " + properties.maxFiles() + " files"));
        }
        Set<String> names = new HashSet<>();
        long total = 0;
        for (int i = 0; i < files.size(); i++) {
            String at = "files[" + i + "]";
            InputFile file = files.get(i);
            if (file == null) {
                invalid.add(new FieldProblem(at, "must be an object"));
                continue;
            }
            if (!isPlainFileName(file.name())) {
                invalid.add(new FieldProblem(at + ".name", "must be a plain file name (no directory, not hidden, no control characters)"));
            } else if (!names.add(file.name())) {
                invalid.add(new FieldProblem(at + ".name", "repeats the name '" + file.name() + "'"));
            }
            if ((file.text() == null) == (file.base64() == null)) {
                invalid.add(new FieldProblem(at, "needs exactly one of 'text' or 'base64'"));
                continue;
            }
            try {
                total += file.text() != null ? file.text().getBytes(StandardCharsets.UTF_8).length : file.bytes().length;
            } catch (IllegalArgumentException e) {
                invalid.add(new FieldProblem(at + ".base64", "is not valid base64"));
            }
        }
        if (total > properties.maxFilesSize().toBytes()) {
            tooLarge.add(new FieldProblem("files", "total more than " + properties.maxFilesSize().toBytes() + " bytes"));
        }
    }

    private void checkLimits(JobLimits limits, List<FieldProblem> invalid, List<FieldProblem> aboveMaximum) {
        if (limits == null) {
            return;
        }
        ApiProperties.MaxLimits max = properties.maxLimits();
        if (limits.deadlineSeconds() != null) {
            double maxSeconds = max.deadline().toMillis() / 1000.0;
            if (!(limits.deadlineSeconds() > 0) || limits.deadlineSeconds().isInfinite()) {
                invalid.add(new FieldProblem("limits.deadlineSeconds", "must be a positive number"));
            } else if (limits.deadlineSeconds() > maxSeconds) {
                aboveMaximum.add(new FieldProblem("limits.deadlineSeconds", "must be at most " + maxSeconds));
            }
        }
        if (limits.memoryMiB() != null) {
            long maxMiB = max.memory().toMegabytes();
            if (limits.memoryMiB() < MIN_MEMORY_MIB) {
                invalid.add(new FieldProblem("limits.memoryMiB", "must be at least " + MIN_MEMORY_MIB));
            } else if (limits.memoryMiB() > maxMiB) {
                aboveMaximum.add(new FieldProblem("limits.memoryMiB", "must be at most " + maxMiB));
            }
        }
        checkRange("limits.stdoutBytes", limits.stdoutBytes(), max.stdout().toBytes(), invalid, aboveMaximum);
        checkRange("limits.stderrBytes", limits.stderrBytes(), max.stderr().toBytes(), invalid, aboveMaximum);
        checkRange("limits.maxOutputFiles", limits.maxOutputFiles(), max.outputFiles(), invalid, aboveMaximum);
        checkRange("limits.maxOutputBytes", limits.maxOutputBytes(), max.outputBytes().toBytes(), invalid, aboveMaximum);
    }

    private static void checkRange(String field, Number value, long maximum, List<FieldProblem> invalid, List<FieldProblem> aboveMaximum) {
        if (value == null) {
            return;
        }
        if (value.longValue() < 0) {
            invalid.add(new FieldProblem(field, "must not be negative"));
        } else if (value.longValue() > maximum) {
            aboveMaximum.add(new FieldProblem(field, "must be at most " + maximum));
        }
    }

    /** Same rule as the sandbox's: no directory part, not hidden, not "." or "..", printable. */
    static boolean isPlainFileName(String name) {
        return name != null
                && !name.isEmpty()
                && name.length() <= 255
                && !name.startsWith(".")
                && name.chars().noneMatch(c -> c == '/' || c == '\\' || c < 0x20 || c == 0x7f);
    }
}
