package app.famichat.platform.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.UUID;

/**
 * For nullable UUID columns. EclipseLink 4.0.7 (Payara 6) converts UUIDs itself and throws on a SQL NULL
 * (eclipse-ee4j/eclipselink#2768, fixed in a later release); naming this pass-through converter on the attribute
 * replaces that conversion. Writing a null still binds it as a string: insert such rows with
 * {@code CAST(? AS UUID)}.
 */
@Converter
public class NullableUuid implements AttributeConverter<UUID, UUID> {

    @Override
    public UUID convertToDatabaseColumn(UUID attribute) {
        return attribute;
    }

    @Override
    public UUID convertToEntityAttribute(UUID column) {
        return column;
    }
}
