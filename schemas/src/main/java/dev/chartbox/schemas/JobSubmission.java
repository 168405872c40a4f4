package dev.chartbox.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The body of {@code POST /v1/jobs}: what a client asks to run. Only {@code code} is required.
 *
 * @param code     the Python source, run as {@code main.py}
 * @param files    input files, each with a distinct name
 * @param limits   limits asked for; absent fields take the worker's defaults
 * @param formats  formats for figures left open (default: png)
 * @param metadata the client's own labels, echoed back, never interpreted
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record JobSubmission(
        String code, List<InputFile> files, JobLimits limits, List<ChartFormat> formats, Map<String, String> metadata) {

    public static JobSubmission of(String code) {
        return new JobSubmission(code, List.of(), null, List.of(), Map.of());
    }

    /**
     * The same request in a canonical form: files sorted by name, formats sorted and distinct,
     * metadata sorted, empty limits dropped. Two submissions that mean the same have equal canonical
     * forms, so {@link Fingerprints#of(JobSubmission)} agrees on them.
     */
    public JobSubmission canonical() {
        List<InputFile> sortedFiles = files == null ? List.of()
                : files.stream().sorted(Comparator.comparing(InputFile::name, Comparator.nullsFirst(Comparator.naturalOrder()))).toList();
        List<ChartFormat> sortedFormats = formats == null ? List.of() : formats.stream().distinct().sorted().toList();
        Map<String, String> sortedMetadata = metadata == null ? Map.of() : new TreeMap<>(metadata);
        JobLimits someLimits = limits == null || limits.equals(JobLimits.NONE) ? null : limits;
        return new JobSubmission(code, sortedFiles, someLimits, sortedFormats, sortedMetadata);
    }
}
