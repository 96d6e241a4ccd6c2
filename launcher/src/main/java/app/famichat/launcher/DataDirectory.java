package app.famichat.launcher;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The data directory of the one-command run (FAMICHAT_DATA_DIR): the database, the broker journal, the logs, the
 * vault's key file. It is owner-only at every start, not only when the launcher creates it: a directory found
 * open to others is closed (0700) and one log line says so. Whatever lies inside loses its group and other
 * permission bits too, so that a later change of the top directory's mode exposes nothing. One launcher at a time:
 * {@code launcher.lock} is held while it runs.
 */
final class DataDirectory implements AutoCloseable {

    private static final Set<PosixFilePermission> OPEN_TO_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Creates or repairs the directory and takes its lock.
     *
     * @throws IllegalStateException when another launcher holds the lock
     */
    static DataDirectory open(Path root, Consumer<String> log) throws IOException {
        root = root.toAbsolutePath().normalize();
        String repaired = null;
        if (!Files.exists(root)) {
            OwnerOnly.directory(root);
        } else {
            Set<PosixFilePermission> found = Files.getPosixFilePermissions(root);
            if (!found.equals(OwnerOnly.DIRECTORY)) {
                Files.setPosixFilePermissions(root, OwnerOnly.DIRECTORY);
                repaired = "the data directory " + root + " was " + PosixFilePermissions.toString(found)
                        + "; made it owner-only (rwx------)";
            }
        }
        FileChannel channel = FileChannel.open(root.resolve("launcher.lock"), EnumSet.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE), OwnerOnly.file());
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException heldInThisJvm) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("another Famichat launcher is using the data directory " + root
                    + " (it holds " + root.resolve("launcher.lock") + ")");
        }
        DataDirectory directory = new DataDirectory(root, channel, lock);
        int closed = directory.closeToOthers();
        if (closed > 0) {
            repaired = (repaired == null ? "the data directory " + root + " had" : repaired + ", and")
                    + " files or directories open to others inside: made " + closed + " of them owner-only";
        }
        if (repaired != null) {
            log.accept(repaired);
        }
        return directory;
    }

    /** Drops group and other bits everywhere inside; symbolic links are left alone. Returns how many changed. */
    int closeToOthers() throws IOException {
        int[] changed = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                restrict(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile() || attributes.isOther()) {
                    restrict(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // A file removed while walking (a rotated log) needs nothing.
                return FileVisitResult.CONTINUE;
            }

            private void restrict(Path path) throws IOException {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                if (permissions.removeAll(OPEN_TO_OTHERS)) {
                    Files.setPosixFilePermissions(path, permissions);
                    changed[0]++;
                }
            }
        });
        return changed[0];
    }

    Path root() {
        return root;
    }

    Path resolve(String name) {
        return root.resolve(name);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        lockChannel.close();
    }
}
