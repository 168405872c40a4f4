package dev.chartbox.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NumericNode;

/**
 * Every example message in the module validates against its schema and survives a round trip
 * through its Java type; every counter-example is refused.
 */
class ExamplesTest {

    private static final Path EXAMPLES = Path.of("src/main/resources/chartbox/schemas/examples");
    private static final Path INVALID = Path.of("src/test/resources/invalid");

    static Stream<Arguments> examples() throws IOException {
        return filesUnder(EXAMPLES);
    }

    static Stream<Arguments> counterExamples() throws IOException {
        return filesUnder(INVALID);
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("examples")
    void everyExampleValidatesAgainstItsSchema(Contract contract, String name, JsonNode example) {
        assertThat(contract.violations(example)).isEmpty();
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("examples")
    void everyExampleReadsIntoItsJavaTypeAndWritesBackUnchanged(Contract contract, String name, JsonNode example) {
        Object message = WireJson.mapper().treeToValue(example, javaType(contract));
        JsonNode written = WireJson.tree(message);

        assertThat(contract.violations(written)).isEmpty();
        assertThat(written.equals(NUMBERS_BY_VALUE, example))
                .as("written %s%nexpected %s", written, example)
                .isTrue();
        assertThat(WireJson.read(WireJson.write(message), javaType(contract))).isEqualTo(message);
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("examples")
    void everyRequestExampleCarriesTheFingerprintOfItsSubmission(Contract contract, String name, JsonNode example) {
        if (contract == Contract.JOB_REQUEST) {
            JobRequest request = WireJson.mapper().treeToValue(example, JobRequest.class);
            assertThat(request.requestSha256()).isEqualTo(Fingerprints.of(request.submission()));
        }
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("counterExamples")
    void everyCounterExampleIsRefused(Contract contract, String name, JsonNode example) {
        assertThat(contract.violations(example)).isNotEmpty();
    }

    static Class<?> javaType(Contract contract) {
        return switch (contract) {
            case JOB_SUBMISSION -> JobSubmission.class;
            case JOB_REQUEST -> JobRequest.class;
            case JOB_EVENT -> JobEvent.class;
            case CHART_DATA -> JsonNode.class;
        };
    }

    /** 60 and 60.0 are the same JSON number. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a instanceof NumericNode x && b instanceof NumericNode y) {
            return x.decimalValue().compareTo(y.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private static Stream<Arguments> filesUnder(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(p -> p.toString().endsWith(".json"))
                    .sorted()
                    .map(p -> Arguments.of(contractOf(p.getParent().getFileName().toString()),
                            p.getFileName().toString(), WireJson.mapper().readTree(p.toFile())))
                    .toList()
                    .stream();
        }
    }

    private static Contract contractOf(String folder) {
        return Contract.valueOf(folder.replace('-', '_').toUpperCase(java.util.Locale.ROOT));
    }
}
