package dev.parley.cli;

import dev.parley.protocol.JsonCodec;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * How results are printed: for people (sentences and aligned tables) or, with {@code --json}, one JSON object per
 * result on its own line for scripts. Errors always go to standard error as {@code error: CODE: message}.
 */
final class Output {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final PrintWriter out;
    private final boolean json;
    private final JsonCodec codec;
    private final ZoneId zone;

    Output(PrintWriter out, boolean json, JsonCodec codec, ZoneId zone) {
        this.out = out;
        this.json = json;
        this.codec = codec;
        this.zone = zone;
    }

    boolean json() {
        return json;
    }

    /** Prints one result: {@code value} as JSON in JSON mode, else the human text. */
    synchronized void result(Object value, String human) {
        out.println(json ? codec.write(value) : human);
        out.flush();
    }

    /** Prints one line of a stream (receive); safe from the SDK's update thread. */
    synchronized void line(String text) {
        out.println(text);
        out.flush();
    }

    String toJson(Object value) {
        return codec.write(value);
    }

    String time(long unixSeconds) {
        return TIME.format(Instant.ofEpochSecond(unixSeconds).atZone(zone));
    }

    /** Columns padded to their widest cell, separated by two spaces; trailing spaces trimmed. */
    static String table(List<String> headers, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        int[] widths = new int[headers.size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).codePointCount(0, row.get(i).length()));
            }
        }
        StringBuilder text = new StringBuilder();
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                line.append(cell);
                if (i < row.size() - 1) {
                    line.append(" ".repeat(widths[i] - cell.codePointCount(0, cell.length()) + 2));
                }
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.substring(0, text.length() - 1);
    }

    static String errorLine(String code, String message) {
        return "error: " + code + ": " + message;
    }
}
