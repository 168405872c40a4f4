package dev.chartbox.api;

import dev.chartbox.schemas.JobSubmission;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MCP tool {@code run_python}: submits the code as a job through {@link JobService}, exactly as
 * {@code POST /v1/jobs} does (validation, the tenant's quotas, Kafka, a worker), holds one of the
 * tenant's open waits while it waits for the final result, reports progress while the job is queued
 * and running, and answers with {@link McpToolResults}. The wait is bounded by the job's deadline
 * plus {@code chartbox.api.mcp.queue-wait}.
 */
@Component
class McpRunPython {

    static final String NAME = "run_python";
    /** Set by the transport from the authenticated request (see McpSetup). */
    static final String TENANT = "chartbox.tenant";
    static final String BASE_URI = "chartbox.base-uri";
    private static final Logger log = LoggerFactory.getLogger(McpRunPython.class);

    private final JobService jobs;
    private final SubmissionReader submissions;
    private final TenantQuotas quotas;
    private final McpJobWaiter waiter;
    private final McpToolResults results;
    private final ApiProperties api;
    private final McpProperties properties;
    private final JsonMapper json;
    private final MeterRegistry registry;

    McpRunPython(JobService jobs, SubmissionReader submissions, TenantQuotas quotas, McpJobWaiter waiter, McpToolResults results,
            ApiProperties api, McpProperties properties, JsonMapper json, MeterRegistry registry) {
        this.jobs = jobs;
        this.submissions = submissions;
        this.quotas = quotas;
        this.waiter = waiter;
        this.results = results;
        this.api = api;
        this.properties = properties;
        this.json = json;
        this.registry = registry;
    }

    /** The tool's input: the REST submission's schema (this server's maximums included) for code, files and limits. */
    @SuppressWarnings("unchecked")
    Map<String, Object> inputSchema() {
        Map<String, Object> schema = SubmissionSchema.of(api);
        Map<String, Object> props = (Map<String, Object>) schema.get("properties");
        props.keySet().retainAll(java.util.Set.of("code", "files", "limits"));
        Map<String, Object> code = new LinkedHashMap<>((Map<String, Object>) props.get("code"));
        code.put("description", "Python 3 source, run as main.py in a fresh sandbox (numpy, pandas and matplotlib are already imported "
                + "there, so importing them is free). Save charts with plt.savefig('name.png'), or leave figures open: either way they "
                + "come back as PNG images. " + code.get("description"));
        props.put("code", code);
        schema.put("title", "run_python arguments");
        return schema;
    }

    CallToolResult call(McpSyncServerExchange exchange, CallToolRequest request) {
        String tenant = (String) exchange.transportContext().get(TENANT);
        URI base = (URI) exchange.transportContext().get(BASE_URI);
        if (tenant == null || base == null) {
            return count("refused", McpToolResults.refused("This MCP session has no tenant: send an API key or a bearer token with every request."));
        }
        JobSubmission submission;
        Runnable release;
        JobService.Accepted accepted;
        try {
            submission = submissions.read(json.valueToTree(request.arguments() == null ? Map.of() : request.arguments()));
            release = quotas.openWait(tenant);
        } catch (RequestRejectedException e) {
            return count("refused", McpToolResults.refused(describe(e)));
        }
        try {
            accepted = jobs.submit(tenant, submission, null, null);
        } catch (RequestRejectedException e) {
            release.run();
            return count("refused", McpToolResults.refused(describe(e)));
        } catch (JobPublisher.PublishFailedException e) {
            release.run();
            log.warn("run_python: {}", e.getMessage());
            return count("refused", McpToolResults.refused("chartbox could not take the job right now (its queue is unavailable); "
                    + "nothing was run. Try again in a few seconds."));
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
        long started = System.nanoTime();
        try {
            Progress progress = new Progress(exchange, request.progressToken(), started);
            JobView view = waiter.await(accepted.job(), bound(submission), properties.progressInterval(), progress::report);
            CallToolResult result = results.of(view, base, Duration.ofNanos(System.nanoTime() - started));
            return count(view.isFinal() ? view.status().name() : "wait_ended", result);
        } finally {
            release.run();
        }
    }

    /** The job's own deadline (or the largest allowed, when it asks for none) plus the queueing allowance. */
    private Duration bound(JobSubmission submission) {
        Double asked = submission.limits() == null ? null : submission.limits().deadlineSeconds();
        Duration deadline = asked != null ? Duration.ofMillis((long) (asked * 1000)) : api.maxLimits().deadline();
        return deadline.plus(properties.queueWait());
    }

    private static String describe(RequestRejectedException e) {
        String fields = e.problems().stream().map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; "));
        String answer = "Not run (" + e.status().value() + " " + e.reason() + "): " + e.getMessage() + (fields.isEmpty() ? "" : " [" + fields + "]");
        if (e instanceof TenantQuotas.QuotaExceededException quota) {
            answer += " Retry after " + quota.retryAfterSeconds() + " s.";
        }
        return answer;
    }

    private CallToolResult count(String outcome, CallToolResult result) {
        Counter.builder("chartbox.api.mcp.tool.calls").description("MCP tool calls answered, by tool and outcome (a job status, refused, wait_ended)")
                .tag("tool", NAME).tag("outcome", outcome).register(registry).increment();
        return result;
    }

    /**
     * Progress notifications, when the client sent a progress token: the seconds since submission
     * (so the value always grows) and the job's stage. A client that went away is not an error.
     */
    private static final class Progress {
        private final McpSyncServerExchange exchange;
        private final Object token;
        private final long started;
        private double last = -1;

        Progress(McpSyncServerExchange exchange, Object token, long started) {
            this.exchange = exchange;
            this.token = token;
            this.started = started;
        }

        void report(JobView view) {
            if (token == null) {
                return;
            }
            // MCP asks for a value that grows with every notification.
            double seconds = Math.max(Math.round((System.nanoTime() - started) / 1e8), Math.round(last * 10) + 1) / 10.0;
            last = seconds;
            String stage = view.running() != null && view.running().workerId() != null
                    ? "running on " + view.running().workerId()
                    : view.status().name().toLowerCase(java.util.Locale.ROOT);
            try {
                exchange.progressNotification(new ProgressNotification(token, seconds, null, "job " + view.jobId() + " " + stage + " (" + seconds + " s)", null));
            } catch (RuntimeException e) {
                log.debug("progress for job {} not delivered: {}", view.jobId(), e.toString());
            }
        }
    }
}
