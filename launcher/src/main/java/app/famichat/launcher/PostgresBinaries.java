package app.famichat.launcher;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL programs of zonky's binaries bundle, unpacked under {@code postgres/binaries/}. Zonky serves only
 * as the source of the bundle: the launcher runs initdb and postgres itself, with its own authentication settings.
 * The directory is owner-only (another user who could replace a program would run code as the database's owner).
 */
final class PostgresBinaries {

    private final Path home;

    private PostgresBinaries(Path home) {
        this.home = home;
    }

    /** Unpacks the bundle once per bundle version (a marker file says it is complete), and removes older ones. */
    static PostgresBinaries unpack(Path binariesDir) throws IOException {
        OwnerOnly.directory(binariesDir);
        byte[] bundle;
        String digest;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64")) {
            if (in == null) {
                throw new IOException("No PostgreSQL binaries bundle for Linux x86_64 on the class path");
            }
            DigestInputStream digesting = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"));
            bundle = digesting.readAllBytes();
            digest = HexFormat.of().formatHex(digesting.getMessageDigest().digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path home = binariesDir.resolve("pg-" + digest);
        if (!Files.exists(home.resolve(".complete"))) {
            Path partial = Files.createTempDirectory(binariesDir, "unpacking-", OwnerOnly.directory());
            extract(bundle, partial);
            Files.createFile(partial.resolve(".complete"), OwnerOnly.file());
            PayaraMicroServer.deleteRecursively(home);
            Files.move(partial, home, StandardCopyOption.ATOMIC_MOVE);
        }
        try (var entries = Files.list(binariesDir)) {
            for (Path other : entries.filter(entry -> !entry.equals(home)).toList()) {
                PayaraMicroServer.deleteRecursively(other);
            }
        }
        return new PostgresBinaries(home);
    }

    /** Owner-only from the start: group and other bits of the archive's entries are dropped. */
    private static void extract(byte[] bundle, Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZInputStream(new java.io.ByteArrayInputStream(bundle)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextTarEntry()) != null) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("Bad entry in the PostgreSQL bundle: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createLink(path, target.resolve(entry.getLinkName()).normalize());
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                    boolean executable = (entry.getMode() & 0100) != 0 || entry.getName().matches("(\\./)?bin/.*");
                    Files.setPosixFilePermissions(path, executable
                            ? java.nio.file.attribute.PosixFilePermissions.fromString("rwx------") : OwnerOnly.FILE);
                }
            }
        }
        try (var all = Files.walk(target)) {
            for (Path path : all.filter(p -> Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
                Files.setPosixFilePermissions(path, OwnerOnly.DIRECTORY);
            }
        }
    }

    Path home() {
        return home;
    }

    /**
     * The command line for one of the bundle's programs. PostgreSQL refuses to run as root; as root it runs in a
     * user namespace of its own ({@code unshare -U}, as zonky does), where it is not root. Both wrappers exec:
     * the process's pid is PostgreSQL's.
     */
    List<String> command(String program, String... arguments) {
        // setsid: Ctrl-C in the terminal reaches the launcher only, which stops PostgreSQL after the server.
        List<String> command = new ArrayList<>(List.of("setsid"));
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(home.resolve("bin").resolve(program).toString());
        command.addAll(List.of(arguments));
        return command;
    }
}
