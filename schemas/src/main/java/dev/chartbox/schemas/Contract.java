package dev.chartbox.schemas;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The JSON Schemas of the contract, loaded from the classpath, for validating messages. */
public enum Contract {
    JOB_SUBMISSION("job-submission.schema.json"),
    JOB_REQUEST("job-request.schema.json"),
    JOB_EVENT("job-event.schema.json"),
    /** One figure's chart data, as in {@link ArtifactRef#chart()}. */
    CHART_DATA("chart-data.schema.json");

    /** The schemas' {@code $id} prefix; references between them resolve to the classpath, never the network. */
    public static final String ID_PREFIX = "https://schemas.chartbox.dev/v1/";

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaIdResolvers(resolvers -> resolvers.mapPrefix(ID_PREFIX, "classpath:chartbox/schemas/")));

    private final String fileName;
    private volatile Schema schema;

    Contract(String fileName) {
        this.fileName = fileName;
    }

    /** The classpath resource of this schema. */
    public String resource() {
        return "chartbox/schemas/" + fileName;
    }

    /** Violations of this schema, each as "instance location: message"; empty when valid. */
    public List<String> violations(JsonNode message) {
        return schema().validate(message).stream().map(Contract::describe).toList();
    }

    /** Throws {@link IllegalArgumentException} listing the violations. */
    public void check(JsonNode message) {
        List<String> violations = violations(message);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException(name() + " violations: " + violations);
        }
    }

    private Schema schema() {
        Schema loaded = schema;
        if (loaded == null) {
            loaded = REGISTRY.getSchema(SchemaLocation.of(ID_PREFIX + fileName));
            schema = loaded;
        }
        return loaded;
    }

    private static String describe(Error error) {
        return error.getInstanceLocation() + ": " + error.getMessage();
    }
}
