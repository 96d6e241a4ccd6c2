package app.famichat.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Owner-only permissions for everything the launcher keeps under the data directory. */
final class OwnerOnly {

    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    static FileAttribute<Set<PosixFilePermission>> directory() {
        return PosixFilePermissions.asFileAttribute(DIRECTORY);
    }

    static FileAttribute<Set<PosixFilePermission>> file() {
        return PosixFilePermissions.asFileAttribute(FILE);
    }

    /** Creates the directory (and missing parents) owner-only, or makes an existing one owner-only. */
    static Path directory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, directory());
        }
        Files.setPosixFilePermissions(dir, DIRECTORY);
        return dir;
    }

    /** Writes the file owner-only from its first byte (never briefly readable by others). */
    static Path write(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, file());
        Files.writeString(file, content);
        return file;
    }
}
