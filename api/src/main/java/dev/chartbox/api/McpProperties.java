package dev.chartbox.api;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The MCP server at {@code /mcp} (docs/notes/mcp.md).
 *
 * @param enabled          whether {@code /mcp} is served at all
 * @param queueWait        how long {@code run_python} waits for a result beyond the job's deadline (the
 *                         time a job may spend queued, plus a retry); past it the tool answers with
 *                         the job's current status and its URL, and the job goes on
 * @param progressInterval how often a waiting {@code run_python} sends a progress notification (when
 *                         the client asked for progress); also keeps proxies from closing the stream
 * @param maxImageBytes    the PNG bytes one {@code run_python} result inlines as images, all images
 *                         together; the others are left out (and named), their links stay
 * @param maxChartText     characters of chart data and last value copied into the text content for
 *                         clients that show the model only text; the structured content has all
 * @param keepAlive        how often idle MCP sessions are pinged
 * @param sessionSweep     how often sessions are swept: one not used since the last sweep is closed
 *                         (a client then starts a new one); keep it above the longest wait
 */
@ConfigurationProperties("chartbox.api.mcp")
public record McpProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5m") Duration queueWait,
        @DefaultValue("5s") Duration progressInterval,
        @DefaultValue("4MB") DataSize maxImageBytes,
        @DefaultValue("20000") int maxChartText,
        @DefaultValue("30s") Duration keepAlive,
        @DefaultValue("30m") Duration sessionSweep) {}
