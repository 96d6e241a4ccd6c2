package app.famichat.launcher;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The embedded PostgreSQL's passwords: the superuser's (used by the launcher only, to set up roles) and the
 * application role's (given to the server). Random, kept in {@code postgres/credentials} (owner-only, inside the
 * owner-only data directory), created on the first start of a data directory that has none.
 *
 * @param superuser   password of the cluster's superuser {@value EmbeddedDatabase#SUPERUSER}
 * @param application password of the application role {@value EmbeddedDatabase#APPLICATION_ROLE}
 */
record DatabaseCredentials(String superuser, String application) {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public String toString() {
        return "DatabaseCredentials[hidden]";
    }

    /** The file's credentials, or null when there is no file yet. */
    static DatabaseCredentials read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(file)));
        String superuser = properties.getProperty("superuser", "");
        String application = properties.getProperty("application", "");
        if (superuser.isEmpty() || application.isEmpty()) {
            throw new IOException(file + " is damaged (no superuser or application password); delete it and the "
                    + "launcher sets new passwords at the next start");
        }
        return new DatabaseCredentials(superuser, application);
    }

    static DatabaseCredentials generate() {
        return new DatabaseCredentials(newPassword(), newPassword());
    }

    void write(Path file) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("superuser", superuser);
        properties.setProperty("application", application);
        StringWriter text = new StringWriter();
        properties.store(text, "Famichat embedded PostgreSQL passwords (generated; owner-only)");
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        OwnerOnly.write(temporary, text.toString());
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** 256 random bits, URL-safe Base64: no quoting needed in SQL or in initdb's password file. */
    private static String newPassword() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
