package dev.parley.bench.load;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Rows per table of a database, to show what one operation wrote (the fan-out scenario's rows per post). */
final class RowCounts {
    private RowCounts() {}

    /** {@code COUNT(*)} of every table {@code tablesQuery} names (its first column). */
    static Map<String, Long> of(Connection connection, String tablesQuery) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Statement s = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(tablesQuery)) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"" + table + "\"")) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    /** The tables whose counts changed from {@code before} to {@code after}, with the change. */
    static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new TreeMap<>();
        after.forEach((table, n) -> {
            long d = n - before.getOrDefault(table, 0L);
            if (d != 0) {
                delta.put(table, d);
            }
        });
        return delta;
    }
}
