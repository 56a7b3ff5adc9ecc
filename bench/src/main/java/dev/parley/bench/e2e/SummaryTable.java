package dev.parley.bench.e2e;

import java.io.PrintWriter;
import java.util.Map;

/** The human-readable table of an e2e-group run, read from the same figures that go into the JSON. */
final class SummaryTable {
    private SummaryTable() {}

    static void print(PrintWriter out, Map<String, Object> f) {
        Map<?, ?> create = map(f, "createAndAddAll");
        Map<?, ?> join = map(f, "joinFromWelcome");
        Map<?, ?> message = map(f, "message");
        Map<?, ?> add = map(f, "addOne");
        Map<?, ?> remove = map(f, "removeOne");
        out.printf("%-46s %10s %10s %12s%n", "step (" + f.get("members") + " members)", "wall ms", "cpu ms", "bytes");
        row(out, "create group + add all in one commit", create, "commitBytes");
        out.printf("%-46s %10s %10s %,12d%n", "  Welcome for all", "", "", bytes(create, "welcomeBytes"));
        out.printf("%-46s %10s %10s %,12d%n", "  creator's group state", "", "", bytes(create, "groupStateBytes"));
        rowMean(out, "join from Welcome, per member (" + join.get("count") + ")", join);
        if (join.get("allMembers") instanceof Map<?, ?> all && all.containsKey("wallMs")) {
            out.printf("%-46s %10.0f %10.0f %12s%n", "join from Welcome, all " + all.get("count"),
                    num(all, "wallMs"), num(all, "cpuMs"), "");
        } else if (join.get("allMembers") instanceof Map<?, ?> skipped) {
            out.printf("%-46s %s%n", "join from Welcome, all", "skipped: " + skipped.get("skipped"));
        }
        out.printf("%-46s %10s %10s %,12d%n", "  member's group state", "", "", bytes(join, "memberGroupStateBytes"));
        row(out, "message: encrypt (sender)", map(message, "encrypt"), null);
        rowMean(out, "message: decrypt, per member", map(message, "decryptPerMember"));
        out.printf("%-46s %10s %10s %,12d%n", "  ciphertext", "", "", bytes(message, "ciphertextBytes"));
        row(out, "add one: create commit", map(add, "create"), null);
        out.printf("%-46s %10s %10s %,12d%n", "  commit / Welcome", "", "", bytes(add, "commitBytes"));
        out.printf("%-46s %10s %10s %,12d%n", "", "", "", bytes(add, "welcomeBytes"));
        rowMean(out, "add one: process, per member", map(add, "processPerMember"));
        row(out, "add one: new member joins", map(add, "newMemberJoin"), null);
        row(out, "remove one: create commit", map(remove, "create"), null);
        out.printf("%-46s %10s %10s %,12d%n", "  commit", "", "", bytes(remove, "commitBytes"));
        rowMean(out, "remove one: process, per member", map(remove, "processPerMember"));
    }

    private static void row(PrintWriter out, String label, Map<?, ?> step, String bytesKey) {
        String bytes = bytesKey == null ? "" : String.format("%,d", (long) num(step, bytesKey));
        out.printf("%-46s %10.1f %10.1f %12s%n", label, num(step, "wallMs"), num(step, "cpuMs"), bytes);
    }

    private static void rowMean(PrintWriter out, String label, Map<?, ?> summary) {
        out.printf("%-46s %10.1f %10.1f %12s%n", label + " mean", num(summary, "meanWallMs"),
                num(summary, "meanCpuMs"), "max " + String.format("%.0f", num(summary, "maxWallMs")));
    }

    private static long bytes(Map<?, ?> m, String key) {
        return ((Number) m.get(key)).longValue();
    }

    private static Map<?, ?> map(Map<?, ?> m, String key) {
        return (Map<?, ?>) m.get(key);
    }

    private static double num(Map<?, ?> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }
}
