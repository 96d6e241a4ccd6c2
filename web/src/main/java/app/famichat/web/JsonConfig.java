package app.famichat.web;

import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import java.lang.reflect.Type;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * Strict JSON binding for every request: an unknown field is an error (a typo must not be silently ignored), a
 * string field takes only a JSON string, and nulls are not written in responses.
 */
@Provider
public class JsonConfig implements ContextResolver<Jsonb> {

    /** Yasson-specific switch (Payara's JSON-B implementation). */
    private static final String FAIL_ON_UNKNOWN_PROPERTIES = "jsonb.fail-on-unknown-properties";

    private final Jsonb jsonb = JsonbBuilder.create(new JsonbConfig()
            .withNullValues(false)
            .withDeserializers(new StrictString())
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
}
