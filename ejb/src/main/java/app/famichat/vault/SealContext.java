package app.famichat.vault;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Where a sealed value lives. It is authenticated with the ciphertext (GCM associated data), so a ciphertext
 * copied into another row, column or table does not open: someone with write access to the database cannot
 * swap one user's sealed key into another user's row.
 *
 * @param table  the table, e.g. {@code signal_identity_keys}
 * @param column the column holding the ciphertext
 * @param rowId  the row's stable identity (its primary key as text)
 */
public record SealContext(String table, String column, String rowId) {

    public SealContext {
        requireText(table, "table");
        requireText(column, "column");
        requireText(rowId, "rowId");
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("A seal context needs a " + name);
        }
    }

    /** Each part length-prefixed, so that ("ab", "c") and ("a", "bc") never encode alike. */
    byte[] associatedData() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : new String[] {table, column, rowId}) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            out.write(bytes.length >>> 24);
            out.write(bytes.length >>> 16);
            out.write(bytes.length >>> 8);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /** For error messages: the row id may identify a person, so it stays out of logs. */
    String place() {
        return table + "." + column;
    }
}
