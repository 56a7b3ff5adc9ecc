package dev.parley.server.account;

import dev.parley.server.db.Database;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Looks through every table and the raw database files, to prove what is (and is not) stored. */
final class DatabaseScan {
    private final Database database;

    DatabaseScan(Database database) {
        this.database = database;
    }

    /** Names of the tables holding a row with any of the ids or the text in any column. */
    List<String> rowsMentioning(Collection<Long> ids, String text) {
        return database.read(h -> {
            List<String> tables = h.createQuery(
                            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                    .mapTo(String.class).list();
            assertThatScanSeesTables(tables);
            List<String> hits = new ArrayList<>();
            for (String table : tables) {
                List<String> columns = h.createQuery("SELECT name FROM pragma_table_info(:table)")
                        .bind("table", table).mapTo(String.class).list();
                long matches = 0;
                for (String column : columns) {
                    matches += h.createQuery("SELECT COUNT(*) FROM \"" + table + "\" WHERE \"" + column
                                    + "\" IN (<ids>) OR \"" + column + "\" = :text")
                            .bindList("ids", List.copyOf(ids))
                            .bind("text", text)
                            .mapTo(Long.class).one();
                }
                if (matches > 0) {
                    hits.add(table);
                }
            }
            return hits;
        });
    }

    private static void assertThatScanSeesTables(List<String> tables) {
        if (!tables.containsAll(List.of("users", "sessions"))) {
            throw new AssertionError("the scan must see the account tables, saw " + tables);
        }
    }

    /** The bytes of the database file and its write-ahead log, as Latin-1 text to search for ASCII strings. */
    static String fileText(Path file) throws IOException {
        StringBuilder text = new StringBuilder(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        if (Files.exists(wal)) {
            text.append(new String(Files.readAllBytes(wal), StandardCharsets.ISO_8859_1));
        }
        return text.toString();
    }
}
