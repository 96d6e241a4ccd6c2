package app.famichat.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding 14: owner-only was enforced only when the launcher created the directory. */
class DataDirectoryTest {

    @TempDir
    Path parent;

    private final List<String> log = new ArrayList<>();

    @Test
    void aNewDataDirectoryIsOwnerOnlyAndNothingIsSaid() throws Exception {
        Path root = parent.resolve("new");
        try (DataDirectory ignored = DataDirectory.open(root, log::add)) {
            assertEquals("rwx------", mode(root));
            assertEquals("rw-------", mode(root.resolve("launcher.lock")));
        }
        assertEquals(List.of(), log);
    }

    @Test
    void anExistingDirectoryOpenToOthersIsClosedAtEveryStartAndTheLogSaysSo() throws Exception {
        Path root = Files.createDirectory(parent.resolve("open"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Path logs = Files.createDirectory(root.resolve("logs"));
        Path serverLog = Files.writeString(logs.resolve("server.log"), "x");
        Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(serverLog, PosixFilePermissions.fromString("rw-r--r--"));
        Path script = Files.writeString(root.resolve("tool"), "x");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxrwxr-x"));

        try (DataDirectory ignored = DataDirectory.open(root, log::add)) {
            assertEquals("rwx------", mode(root));
            assertEquals("rwx------", mode(logs));
            assertEquals("rw-------", mode(serverLog));
            assertEquals("rwx------", mode(script), "the owner's own bits are kept");
        }
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).contains("was rwxr-xr-x; made it owner-only (rwx------), and files or directories "
                + "open to others inside: made 3 of them owner-only"), log.get(0));

        log.clear();
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (DataDirectory ignored = DataDirectory.open(root, log::add)) {
            assertEquals("rwx------", mode(root), "checked at every start, not only at creation");
        }
        assertEquals(1, log.size(), log.toString());
    }

    @Test
    void twoLaunchersCannotShareADataDirectory() throws Exception {
        Path root = parent.resolve("shared");
        try (DataDirectory first = DataDirectory.open(root, log::add)) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> DataDirectory.open(root, log::add));
            assertTrue(refused.getMessage().contains("another Famichat launcher"), refused.getMessage());
        }
        try (DataDirectory again = DataDirectory.open(root, log::add)) {
            assertEquals(root, again.root(), "free again once the first has closed it");
        }
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
