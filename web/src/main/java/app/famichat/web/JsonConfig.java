package app.famichat.web;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * Strict JSON binding for every request: an unknown field is an error (a typo must not be silently ignored), a
 * string field takes only a JSON string, a whole-number field only a JSON number that is exactly a whole number
 * in its range, and nulls are not written in responses.
 */
@Provider
public class JsonConfig implements ContextResolver<Jsonb> {

    /** Yasson-specific switch (Payara's JSON-B implementation). */
    private static final String FAIL_ON_UNKNOWN_PROPERTIES = "jsonb.fail-on-unknown-properties";

    private final Jsonb jsonb = JsonbBuilder.create(new JsonbConfig()
            .withNullValues(false)
            .withDeserializers(new StrictString(), new StrictLong(), new StrictInteger())
            .setProperty(FAIL_ON_UNKNOWN_PROPERTIES, true));

    @Override
    public Jsonb getContext(Class<?> type) {
        return jsonb;
    }

    /** A string field takes a JSON string only: JSON-B would otherwise turn 1e400 or true into text. */
    public static final class StrictString implements JsonbDeserializer<String> {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context, Type type) {
            // Yasson's parser does not implement currentEvent(); the value tells its kind.
            JsonValue value = parser.getValue();
            if (value instanceof JsonString string) {
                return string.getString();
            }
            if (value == JsonValue.NULL) {
                return null; // absent; Bean Validation decides whether that is allowed
            }
            throw new JsonbException("Expected a JSON string");
        }
    }

    /**
     * A {@code Long} field takes a JSON number that is exactly a whole number in range: JSON-B would otherwise
     * read 1e400 as 0 and 1.9 as 1.
     */
    public static final class StrictLong implements JsonbDeserializer<Long> {
        @Override
        public Long deserialize(JsonParser parser, DeserializationContext context, Type type) {
            BigDecimal number = wholeNumber(parser.getValue());
            return number == null ? null : exact(number, Long.MIN_VALUE, Long.MAX_VALUE);
        }
    }

    /** An {@code Integer} field, likewise: 4294967297 must not become 1. */
    public static final class StrictInteger implements JsonbDeserializer<Integer> {
        @Override
        public Integer deserialize(JsonParser parser, DeserializationContext context, Type type) {
            BigDecimal number = wholeNumber(parser.getValue());
            return number == null ? null : Math.toIntExact(exact(number, Integer.MIN_VALUE, Integer.MAX_VALUE));
        }
    }

    /** The number, or null for JSON null (absent: Bean Validation decides); anything else is refused. */
    private static BigDecimal wholeNumber(JsonValue value) {
        if (value instanceof JsonNumber number) {
            return number.bigDecimalValue();
        }
        if (value == JsonValue.NULL) {
            return null;
        }
        throw new JsonbException("Expected a JSON number");
    }

    private static long exact(BigDecimal number, long min, long max) {
        try {
            long exact = number.longValueExact(); // refuses a fraction or anything beyond 64 bits, cheaply
            if (exact < min || exact > max) {
                throw new JsonbException("The number is out of range");
            }
            return exact;
        } catch (ArithmeticException e) {
            throw new JsonbException("Expected a whole number in range");
        }
    }
}
