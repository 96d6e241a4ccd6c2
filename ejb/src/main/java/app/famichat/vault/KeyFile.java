package app.famichat.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The key file named by {@code famichat.vault.key-file}: one {@code id:base64-key} per line, blank lines and
 * lines starting with {@code #} ignored. A file that group or others may read (or write, or execute) is refused:
 * the master keys are worth more than the whole database.
 */
final class KeyFile {

    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private KeyFile() {
    }

    static List<MasterKey> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw MasterKey.configuration("the key file " + file + " (famichat.vault.key-file) does not exist "
                    + "or is not a regular file");
        }
        requireOwnerOnly(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw MasterKey.configuration("cannot read the key file " + file + ": " + e.getClass().getSimpleName());
        }
        List<MasterKey> keys = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (!line.isEmpty() && !line.startsWith("#")) {
                keys.add(MasterKey.parse(line, "line " + (i + 1) + " of " + file));
            }
        }
        return keys;
    }

    private static void requireOwnerOnly(Path file) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            throw MasterKey.configuration("cannot check who may read the key file " + file + " (no POSIX "
                    + "permissions on this file system); use famichat.vault.keys instead");
        } catch (IOException e) {
            throw MasterKey.configuration("cannot read the permissions of the key file " + file + ": "
                    + e.getClass().getSimpleName());
        }
        if (permissions.stream().anyMatch(NOT_OWNER::contains)) {
            throw MasterKey.configuration("the key file " + file + " is accessible to group or others ("
                    + PosixFilePermissions.toString(permissions) + "); make it owner-only: "
                    + "chmod 600 " + file);
        }
    }
}
