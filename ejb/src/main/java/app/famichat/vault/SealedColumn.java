package app.famichat.vault;

import java.util.regex.Pattern;

/**
 * A column whose values the key vault sealed, with {@code SealContext(table, column, id as text)}: what the
 * re-seal job walks. The names are constants of this code base, never input (they are put into SQL as they are).
 *
 * @param table    the table
 * @param column   the BYTEA column holding vault ciphertexts
 * @param idColumn the single-column primary key whose text form is the seal context's row id
 */
public record SealedColumn(String table, String column, String idColumn) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public SealedColumn {
        for (String name : new String[] {table, column, idColumn}) {
            if (name == null || !IDENTIFIER.matcher(name).matches()) {
                throw new IllegalArgumentException("Not a plain lower-case SQL identifier: " + name);
            }
        }
    }

    SealContext place(Object id) {
        return new SealContext(table, column, id.toString());
    }

    @Override
    public String toString() {
        return table + "." + column;
    }
}
