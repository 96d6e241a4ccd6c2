package app.famichat.platform.persistence;

import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The one way a store reads the result of a native query: each row goes through a typed mapper
 * ({@code Function<Rows.Row, T>}, usually a record's {@code from(Row)} or a lambda written next to the SQL whose
 * column order it follows), never through casts of {@code Object[]} at the call site. EclipseLink answers a
 * one-column query with bare values and a wider one with arrays; {@link Row} hides that difference.
 */
public final class Rows {

    private Rows() {
    }

    /** Every row of {@code query}, mapped. */
    public static <T> List<T> list(Query query, Function<Row, T> mapper) {
        return ((List<?>) query.getResultList()).stream().map(Rows::row).map(mapper).toList();
    }

    /** The first row of {@code query}, mapped; empty if it has none. */
    public static <T> Optional<T> first(Query query, Function<Row, T> mapper) {
        return list(query.setMaxResults(1), mapper).stream().findFirst();
    }

    private static Row row(Object result) {
        return new Row(result instanceof Object[] columns ? columns : new Object[] {result});
    }

    /** One row of a native query; columns are numbered from 0 in the order the SELECT names them. */
    public static final class Row {

        private final Object[] columns;

        Row(Object[] columns) {
            this.columns = columns;
        }

        /**
         * The column's value as the driver answered it, to be bound again unchanged (the keyset cursor of a table
         * whose key types only the database knows); anything the code reads goes through a typed getter.
         */
        public Object value(int column) {
            return columns[column];
        }

        public boolean isNull(int column) {
            return columns[column] == null;
        }

        public UUID uuid(int column) {
            Object value = columns[column];
            return value == null || value instanceof UUID ? (UUID) value : UUID.fromString(value.toString());
        }

        public String string(int column) {
            return (String) columns[column];
        }

        public long longValue(int column) {
            return ((Number) columns[column]).longValue();
        }

        public int intValue(int column) {
            return ((Number) columns[column]).intValue();
        }

        public boolean bool(int column) {
            return (Boolean) columns[column];
        }

        public byte[] bytes(int column) {
            return (byte[]) columns[column];
        }

        /** A TIMESTAMPTZ column; null if it is NULL. */
        public Instant instant(int column) {
            Object value = columns[column];
            if (value == null) {
                return null;
            }
            return value instanceof Timestamp timestamp ? timestamp.toInstant() : ((OffsetDateTime) value).toInstant();
        }
    }
}
