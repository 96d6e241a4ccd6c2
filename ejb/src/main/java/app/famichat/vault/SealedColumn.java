package app.famichat.vault;

import java.util.List;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * A column whose values the key vault seals, and how a row's {@link SealContext} is formed: the code that seals
 * and opens the values and the re-seal job both take the context from here, so they cannot disagree about it.
 * The row id is the values of the id columns (the primary key) as text, joined with {@code /}: id values are
 * UUIDs and numbers, which never contain one. The names are constants of this code base, never input (they are
 * put into SQL as they are).
 *
 * @param table     the table
 * @param column    the BYTEA column holding vault ciphertexts
 * @param idColumns the primary key's columns, in the order their values make the row id
 */
public record SealedColumn(String table, String column, List<String> idColumns) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public SealedColumn {
        idColumns = List.copyOf(idColumns);
        if (idColumns.isEmpty()) {
            throw new IllegalArgumentException("A sealed column needs the columns of its row id");
        }
        requireIdentifier(table);
        requireIdentifier(column);
        idColumns.forEach(SealedColumn::requireIdentifier);
    }

    public static SealedColumn of(String table, String column, String... idColumns) {
        return new SealedColumn(table, column, List.of(idColumns));
    }

    /** The seal context of the row whose id columns hold {@code ids}, in the order of {@link #idColumns}. */
    public SealContext place(Object... ids) {
        if (ids.length != idColumns.size()) {
            throw new IllegalArgumentException(this + " has " + idColumns.size() + " id columns, not " + ids.length);
        }
        StringJoiner rowId = new StringJoiner("/");
        for (Object id : ids) {
            rowId.add(id.toString());
        }
        return new SealContext(table, column, rowId.toString());
    }

    private static void requireIdentifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain lower-case SQL identifier: " + name);
        }
    }

    @Override
    public String toString() {
        return table + "." + column;
    }
}
