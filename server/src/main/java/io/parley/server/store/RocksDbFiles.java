package io.parley.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/** An embedded RocksDB in its own directory under the data dir, with the options to close after it. */
record RocksDbFiles(Options options, RocksDB db) implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    /** Opens (creating) {@code <dataDir>/<name>}; {@code what} names the store in errors. */
    static RocksDbFiles open(Path dataDir, String name, String what) {
        Path dir = dataDir.resolve(name);
        Options options = new Options().setCreateIfMissing(true);
        try {
            Files.createDirectories(dir);
            return new RocksDbFiles(options, RocksDB.open(options, dir.toString()));
        } catch (IOException e) {
            options.close();
            throw new UncheckedIOException("cannot create " + dir, e);
        } catch (RocksDBException e) {
            options.close();
            throw new IllegalStateException("cannot open " + what + " at " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        db.close();
        options.close();
    }
}
