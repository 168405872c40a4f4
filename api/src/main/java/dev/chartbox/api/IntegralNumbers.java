package dev.chartbox.api;

import java.math.BigDecimal;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Integers as JSON Schema means them: any number without a fractional part, so {@code 98.0} is 98
 * while {@code 1.5} (and anything out of range) is refused, never truncated.
 */
final class IntegralNumbers {

    private IntegralNumbers() {}

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("chartbox-integral-numbers");
        module.addDeserializer(Integer.class, new Integral<>(Integer.class, Integer.MIN_VALUE, Integer.MAX_VALUE) {
            @Override
            Integer of(long value) {
                return (int) value;
            }
        });
        module.addDeserializer(Long.class, new Integral<>(Long.class, Long.MIN_VALUE, Long.MAX_VALUE) {
            @Override
            Long of(long value) {
                return value;
            }
        });
        return module;
    }

    private abstract static class Integral<T extends Number> extends StdDeserializer<T> {
        private final long min;
        private final long max;

        Integral(Class<T> type, long min, long max) {
            super(type);
            this.min = min;
            this.max = max;
        }

        abstract T of(long value);

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser p, DeserializationContext ctxt) {
            JsonToken token = p.currentToken();
            if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                return (T) ctxt.handleUnexpectedToken(handledType(), p);
            }
            BigDecimal value = p.getDecimalValue();
            try {
                long integral = value.longValueExact();
                if (integral >= min && integral <= max) {
                    return of(integral);
                }
            } catch (ArithmeticException e) {
                // a fraction, or beyond a long: refused below
            }
            return (T) ctxt.handleWeirdNumberValue(handledType(), value, "not an integer in range");
        }
    }
}
