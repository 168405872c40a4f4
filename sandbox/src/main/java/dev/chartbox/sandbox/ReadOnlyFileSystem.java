package dev.chartbox.sandbox;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardOpenOption;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * A read-only view of another file system, so one copy of the guest's library files can be shared
 * by every instance at once: reads go through, and every change (write, create, truncate, delete,
 * rename, link, set times or attributes) fails with {@link AccessDeniedException}, an
 * {@code IOException}, which WASI answers with an errno. The view reports its own device number,
 * so {@code (st_dev, st_ino)} never collides with a file of the per-run file system beside it.
 *
 * <p>The wrapped file system must not change either: it is filled once, then only read through
 * here; its clock should be fixed, since reads update access times.
 */
final class ReadOnlyFileSystem extends FileSystem {

    /** The device number the guest sees for these files; ZeroFS reports 1 for its own. */
    static final long DEVICE = 2;

    private final FileSystem delegate;
    private final Provider provider = new Provider();

    ReadOnlyFileSystem(FileSystem delegate) {
        this.delegate = delegate;
    }

    Path wrap(Path path) {
        return path == null ? null : new ReadOnlyPath(this, path);
    }

    Path unwrap(Path path) {
        if (path instanceof ReadOnlyPath p && p.fs == this) {
            return p.delegate;
        }
        throw new ProviderMismatchException("not a path of this read-only file system: " + path);
    }

    private static AccessDeniedException denied(Path path) {
        return new AccessDeniedException(String.valueOf(path), null, "read-only file system");
    }

    @Override
    public FileSystemProvider provider() {
        return provider;
    }

    /** Shared for the JVM's lifetime: closing it is not one instance's call. */
    @Override
    public void close() {}

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public boolean isReadOnly() {
        return true;
    }

    @Override
    public String getSeparator() {
        return delegate.getSeparator();
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        return () -> StreamSupport.stream(delegate.getRootDirectories().spliterator(), false).map(this::wrap).iterator();
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return delegate.getFileStores();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return delegate.supportedFileAttributeViews();
    }

    @Override
    public Path getPath(String first, String... more) {
        return wrap(delegate.getPath(first, more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        PathMatcher matcher = delegate.getPathMatcher(syntaxAndPattern);
        return path -> matcher.matches(unwrap(path));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        throw new UnsupportedOperationException();
    }

    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException();
    }

    private final class Provider extends FileSystemProvider {

        @Override
        public String getScheme() {
            return "chartbox-read-only";
        }

        @Override
        public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileSystem getFileSystem(URI uri) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Path getPath(URI uri) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
                throws IOException {
            checkReading(path, options);
            return Files.newByteChannel(unwrap(path), options, attrs);
        }

        @Override
        public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
                throws IOException {
            checkReading(path, options);
            return FileChannel.open(unwrap(path), options, attrs);
        }

        private static void checkReading(Path path, Set<? extends OpenOption> options) throws AccessDeniedException {
            for (OpenOption option : options) {
                if (option == StandardOpenOption.WRITE || option == StandardOpenOption.APPEND
                        || option == StandardOpenOption.CREATE || option == StandardOpenOption.CREATE_NEW
                        || option == StandardOpenOption.TRUNCATE_EXISTING || option == StandardOpenOption.DELETE_ON_CLOSE) {
                    throw denied(path);
                }
            }
        }

        @Override
        public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
            DirectoryStream<Path> entries = Files.newDirectoryStream(unwrap(dir), p -> filter.accept(wrap(p)));
            return new DirectoryStream<>() {
                @Override
                public Iterator<Path> iterator() {
                    Iterator<Path> it = entries.iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Path next() {
                            return wrap(it.next());
                        }
                    };
                }

                @Override
                public void close() throws IOException {
                    entries.close();
                }
            };
        }

        @Override
        public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
            throw denied(dir);
        }

        @Override
        public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
            throw denied(link);
        }

        @Override
        public void createLink(Path link, Path existing) throws IOException {
            throw denied(link);
        }

        @Override
        public void delete(Path path) throws IOException {
            throw denied(path);
        }

        @Override
        public void copy(Path source, Path target, CopyOption... options) throws IOException {
            throw denied(target); // called only when both are here; a copy out goes through newByteChannel
        }

        @Override
        public void move(Path source, Path target, CopyOption... options) throws IOException {
            throw denied(source);
        }

        @Override
        public boolean isSameFile(Path path, Path path2) throws IOException {
            if (!(path2 instanceof ReadOnlyPath p) || p.fs != ReadOnlyFileSystem.this) {
                return false;
            }
            return Files.isSameFile(unwrap(path), unwrap(path2));
        }

        @Override
        public boolean isHidden(Path path) throws IOException {
            return Files.isHidden(unwrap(path));
        }

        @Override
        public FileStore getFileStore(Path path) throws IOException {
            return Files.getFileStore(unwrap(path));
        }

        @Override
        public void checkAccess(Path path, AccessMode... modes) throws IOException {
            for (AccessMode mode : modes) {
                if (mode == AccessMode.WRITE) {
                    throw denied(path);
                }
            }
            Path inner = unwrap(path);
            inner.getFileSystem().provider().checkAccess(inner, modes);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
            if (type != BasicFileAttributeView.class) {
                return null; // no other view is needed to read, and every view can write
            }
            BasicFileAttributeView inner = Files.getFileAttributeView(unwrap(path), BasicFileAttributeView.class, options);
            return (V) new BasicFileAttributeView() {
                @Override
                public String name() {
                    return inner.name();
                }

                @Override
                public BasicFileAttributes readAttributes() throws IOException {
                    return inner.readAttributes();
                }

                @Override
                public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime) throws IOException {
                    throw denied(path);
                }
            };
        }

        @Override
        public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options) throws IOException {
            return Files.readAttributes(unwrap(path), type, options);
        }

        @Override
        public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
            Map<String, Object> read = Files.readAttributes(unwrap(path), attributes, options);
            if (!read.containsKey("dev")) {
                return read;
            }
            var own = new HashMap<>(read);
            own.put("dev", DEVICE);
            return own;
        }

        @Override
        public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
            throw denied(path);
        }
    }

    /** A path of the view: the wrapped file system's path, answering to this file system. */
    private static final class ReadOnlyPath implements Path {

        private final ReadOnlyFileSystem fs;
        private final Path delegate;

        ReadOnlyPath(ReadOnlyFileSystem fs, Path delegate) {
            this.fs = fs;
            this.delegate = delegate;
        }

        @Override
        public FileSystem getFileSystem() {
            return fs;
        }

        @Override
        public boolean isAbsolute() {
            return delegate.isAbsolute();
        }

        @Override
        public Path getRoot() {
            return fs.wrap(delegate.getRoot());
        }

        @Override
        public Path getFileName() {
            return fs.wrap(delegate.getFileName());
        }

        @Override
        public Path getParent() {
            return fs.wrap(delegate.getParent());
        }

        @Override
        public int getNameCount() {
            return delegate.getNameCount();
        }

        @Override
        public Path getName(int index) {
            return fs.wrap(delegate.getName(index));
        }

        @Override
        public Path subpath(int beginIndex, int endIndex) {
            return fs.wrap(delegate.subpath(beginIndex, endIndex));
        }

        @Override
        public boolean startsWith(Path other) {
            return other instanceof ReadOnlyPath p && p.fs == fs && delegate.startsWith(p.delegate);
        }

        @Override
        public boolean endsWith(Path other) {
            return other instanceof ReadOnlyPath p && p.fs == fs && delegate.endsWith(p.delegate);
        }

        @Override
        public Path normalize() {
            return fs.wrap(delegate.normalize());
        }

        @Override
        public Path resolve(Path other) {
            return fs.wrap(delegate.resolve(fs.unwrap(other)));
        }

        @Override
        public Path relativize(Path other) {
            return fs.wrap(delegate.relativize(fs.unwrap(other)));
        }

        @Override
        public URI toUri() {
            return delegate.toUri();
        }

        @Override
        public Path toAbsolutePath() {
            return fs.wrap(delegate.toAbsolutePath());
        }

        @Override
        public Path toRealPath(LinkOption... options) throws IOException {
            return fs.wrap(delegate.toRealPath(options));
        }

        @Override
        public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int compareTo(Path other) {
            return delegate.compareTo(fs.unwrap(other));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ReadOnlyPath p && p.fs == fs && p.delegate.equals(delegate);
        }

        @Override
        public int hashCode() {
            return delegate.hashCode();
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }
}
