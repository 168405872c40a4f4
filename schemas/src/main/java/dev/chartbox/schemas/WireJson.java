package dev.chartbox.schemas;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapping of every chartbox message, shared by producers and consumers so both write the
 * same bytes: ISO-8601 instants, absent rather than null fields, and unknown fields ignored on read
 * (a newer producer may add optional fields within a schema version).
 */
public final class WireJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Sorted keys and no whitespace: the input of the request fingerprint. */
    private static final JsonMapper CANONICAL = MAPPER.rebuild()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private WireJson() {}

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Object message) {
        return MAPPER.writeValueAsBytes(message);
    }

    /** Throws {@link JacksonException} for bytes that are not such a message. */
    public static <T> T read(byte[] bytes, Class<T> type) {
        return MAPPER.readValue(bytes, type);
    }

    public static JsonNode tree(Object message) {
        return MAPPER.valueToTree(message);
    }

    static byte[] canonicalBytes(Object message) {
        return CANONICAL.writeValueAsBytes(message);
    }
}
