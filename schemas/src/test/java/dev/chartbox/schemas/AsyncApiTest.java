package dev.chartbox.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/** The AsyncAPI document agrees with the Java constants and schemas, and its examples validate. */
class AsyncApiTest {

    private final JsonNode doc = load();

    @Test
    void channelAddressesAreTheDefaultTopicNames() {
        assertThat(doc.at("/asyncapi").asString()).isEqualTo("3.0.0");
        assertThat(doc.at("/channels/jobs/address").asString()).isEqualTo(Topics.JOBS);
        assertThat(doc.at("/channels/results/address").asString()).isEqualTo(Topics.RESULTS);
        assertThat(doc.at("/channels/deadLetters/address").asString()).isEqualTo(Topics.DEAD_LETTER);
    }

    @Test
    void headerNamesAndValuesAreTheJavaConstants() {
        JsonNode headers = doc.at("/components/schemas/headers");
        assertThat(headers.at("/required").valueStream().map(JsonNode::asString).toList()).containsExactlyInAnyOrder(
                MessageHeaders.CORRELATION_ID, MessageHeaders.CONTENT_TYPE, MessageHeaders.SCHEMA_VERSION, MessageHeaders.MESSAGE_TYPE);
        assertThat(headers.at("/properties/content-type/const").asString()).isEqualTo(MessageHeaders.JSON);
        assertThat(headers.at("/properties/chartbox-schema-version/const").asString()).isEqualTo(MessageHeaders.SCHEMA_VERSION_VALUE);
        assertThat(headers.at("/properties/chartbox-message-type/enum").valueStream().map(JsonNode::asString).toList())
                .containsExactlyInAnyOrder(MessageHeaders.TYPE_JOB_REQUEST, MessageHeaders.TYPE_JOB_EVENT);
    }

    @Test
    void everyMessageExampleValidatesItsPayloadSchemaAndHeaders() {
        var headerSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(doc.at("/components/schemas/headers"));
        Map<String, Contract> payloads = Map.of("./job-request.schema.json", Contract.JOB_REQUEST,
                "./job-event.schema.json", Contract.JOB_EVENT);
        List<String> checked = new ArrayList<>();

        for (var message : doc.at("/components/messages").properties()) {
            JsonNode ref = message.getValue().at("/payload/schema/$ref");
            if (ref.isMissingNode()) {
                continue;
            }
            Contract contract = payloads.get(ref.asString());
            assertThat(contract).as("payload ref %s of %s", ref, message.getKey()).isNotNull();
            assertThat(getClass().getClassLoader().getResource(contract.resource())).isNotNull();
            for (JsonNode example : message.getValue().at("/examples")) {
                assertThat(contract.violations(example.at("/payload"))).as(message.getKey()).isEmpty();
                assertThat(headerSchema.validate(example.at("/headers"))).as(message.getKey()).isEmpty();
                checked.add(message.getKey() + "/" + example.at("/name").asString());
            }
        }
        assertThat(checked).contains("jobRequest/minimal", "jobEvent/running", "jobEvent/failed");
    }

    private static JsonNode load() {
        try (InputStream in = AsyncApiTest.class.getClassLoader().getResourceAsStream("chartbox/schemas/asyncapi.yaml")) {
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
