package org.medsoc.detect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A case-folding Aho-Corasick automaton over literal keys, each standing for a list of rule numbers: the
 * {@link Detector}'s prefilter. Scanning marks, in the caller's stamp arrays, every rule one of whose keys occurs in
 * the text; it allocates nothing.
 *
 * <p>Text and keys are folded to a 129-symbol alphabet: characters whose case-insensitive class (closure of
 * {@link Character#toLowerCase(char)} and {@link Character#toUpperCase(char)}) holds an ASCII character map to that
 * ASCII letter in lower case, every other character to one shared symbol. Two characters that any of the engine's
 * case-insensitive comparisons treat as equal ({@link String#regionMatches(boolean, int, String, int, int)}, the
 * glob matcher) therefore fold to the same symbol, and a case-sensitive match is a case-insensitive one: a literal
 * contained in a value, in any of these senses, is found by the scan. The shared symbol only adds candidates.
 *
 * <p>Layout: the root has a dense row of 129 transitions; every other state has its children as a sorted run of
 * (symbol, state) pairs in flat arrays, plus a failure link and a link to the nearest suffix state that ends a key.
 * Immutable and thread-safe.
 */
final class LiteralAutomaton {
    /** Size of the folded alphabet: the 128 ASCII characters (upper case folded away) and one shared symbol. */
    static final int SYMBOLS = 129;
    private static final byte OTHER = (byte) 128;
    private static final byte[] FOLD = foldTable();

    private final int[] rootNext;
    private final int[] childStart;
    private final byte[] childSymbol;
    private final int[] childState;
    private final int[] fail;
    /** Per state: index of the key ending here (into keyRulesStart), or -1. */
    private final int[] keyAt;
    /** Per state: the nearest proper suffix state (following failure links) ending a key, or 0 for none. */
    private final int[] outputLink;
    private final int[] keyRulesStart;
    private final int[] keyRules;
    /** Per state: the state itself when it ends a key, else its output link (0 for none): where reporting starts. */
    private final int[] report;
    /** Per state: offset of its complete transition row in {@code rows} (failures resolved), or -1. */
    private final int[] rowAt;
    private final int[] rows;

    private LiteralAutomaton(int[] rootNext, int[] childStart, byte[] childSymbol, int[] childState, int[] fail,
            int[] keyAt, int[] outputLink, int[] keyRulesStart, int[] keyRules, int[] rows) {
        this.rootNext = rootNext;
        this.childStart = childStart;
        this.childSymbol = childSymbol;
        this.childState = childState;
        this.fail = fail;
        this.keyAt = keyAt;
        this.outputLink = outputLink;
        this.keyRulesStart = keyRulesStart;
        this.keyRules = keyRules;
        this.rows = rows;
        this.report = new int[fail.length];
        this.rowAt = new int[fail.length];
        Arrays.fill(rowAt, -1);
    }

    /** The folded symbol of a character (0..128). */
    static int fold(char c) {
        return FOLD[c] & 0xFF;
    }

    /** Number of distinct (folded) keys. */
    int keyCount() {
        return keyRulesStart.length - 1;
    }

    /** Number of states, root included. */
    int stateCount() {
        return fail.length;
    }

    /**
     * Builds the automaton for keys mapped to rule numbers; keys that fold to the same symbols are merged, empty
     * keys are not allowed.
     */
    static LiteralAutomaton build(Map<String, int[]> rulesByKey) {
        // trie construction with growable per-state child maps (build time only)
        List<Map<Integer, Integer>> children = new ArrayList<>();
        List<List<Integer>> rulesAt = new ArrayList<>();
        children.add(new HashMap<>());
        rulesAt.add(null);
        for (Map.Entry<String, int[]> e : rulesByKey.entrySet()) {
            String key = e.getKey();
            if (key.isEmpty()) {
                throw new IllegalArgumentException("empty prefilter key");
            }
            int s = 0;
            for (int i = 0; i < key.length(); i++) {
                int sym = fold(key.charAt(i));
                Integer next = children.get(s).get(sym);
                if (next == null) {
                    next = children.size();
                    children.add(new HashMap<>());
                    rulesAt.add(null);
                    children.get(s).put(sym, next);
                }
                s = next;
            }
            List<Integer> rules = rulesAt.get(s);
            if (rules == null) {
                rules = new ArrayList<>();
                rulesAt.set(s, rules);
            }
            for (int r : e.getValue()) {
                if (!rules.contains(r)) {
                    rules.add(r);
                }
            }
        }
        int n = children.size();
        int[] rootNext = new int[SYMBOLS];
        int[] childStart = new int[n + 1];
        int total = 0;
        for (int s = 0; s < n; s++) {
            childStart[s] = total;
            total += s == 0 ? 0 : children.get(s).size();
        }
        childStart[n] = total;
        byte[] childSymbol = new byte[total];
        int[] childState = new int[total];
        for (int s = 0; s < n; s++) {
            Map<Integer, Integer> kids = children.get(s);
            if (s == 0) {
                kids.forEach((sym, t) -> rootNext[sym] = t);
                continue;
            }
            Integer[] syms = kids.keySet().toArray(Integer[]::new);
            Arrays.sort(syms);
            int at = childStart[s];
            for (Integer sym : syms) {
                childSymbol[at] = (byte) sym.intValue();
                childState[at] = kids.get(sym);
                at++;
            }
        }
        int[] keyAt = new int[n];
        Arrays.fill(keyAt, -1);
        List<int[]> keyRuleLists = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            List<Integer> rules = rulesAt.get(s);
            if (rules != null) {
                keyAt[s] = keyRuleLists.size();
                keyRuleLists.add(rules.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        int[] keyRulesStart = new int[keyRuleLists.size() + 1];
        int ruleTotal = 0;
        for (int k = 0; k < keyRuleLists.size(); k++) {
            keyRulesStart[k] = ruleTotal;
            ruleTotal += keyRuleLists.get(k).length;
        }
        keyRulesStart[keyRuleLists.size()] = ruleTotal;
        int[] keyRules = new int[ruleTotal];
        for (int k = 0; k < keyRuleLists.size(); k++) {
            System.arraycopy(keyRuleLists.get(k), 0, keyRules, keyRulesStart[k], keyRuleLists.get(k).length);
        }
        int[] fail = new int[n];
        int[] outputLink = new int[n];
        LiteralAutomaton partial = new LiteralAutomaton(rootNext, childStart, childSymbol, childState, fail, keyAt,
                outputLink, keyRulesStart, keyRules, new int[0]);
        // breadth-first failure links: fail(child of s by a) = next(fail(s), a); outputs follow the failure chain
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int sym = 0; sym < SYMBOLS; sym++) {
            int t = rootNext[sym];
            if (t != 0) {
                fail[t] = 0;
                outputLink[t] = 0;
                queue.add(t);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            for (int i = childStart[s]; i < childStart[s + 1]; i++) {
                int sym = childSymbol[i] & 0xFF;
                int t = childState[i];
                int f = partial.next(fail[s], sym);
                fail[t] = f;
                outputLink[t] = keyAt[f] >= 0 ? f : outputLink[f];
                queue.add(t);
            }
        }
        // complete rows for states with many children (the shallow, busy ones), in breadth-first order so that
        // a failure target's row, when it has one, is complete before it is copied from
        List<Integer> order = new ArrayList<>();
        order.add(0);
        for (int i = 0; i < order.size(); i++) {
            int s = order.get(i);
            if (s == 0) {
                for (int sym = 0; sym < SYMBOLS; sym++) {
                    if (rootNext[sym] != 0) {
                        order.add(rootNext[sym]);
                    }
                }
            } else {
                for (int c = childStart[s]; c < childStart[s + 1]; c++) {
                    order.add(childState[c]);
                }
            }
        }
        int rowCount = 0;
        for (int s : order) {
            if (s != 0 && childStart[s + 1] - childStart[s] >= DENSE_CHILDREN) {
                rowCount++;
            }
        }
        LiteralAutomaton complete = new LiteralAutomaton(rootNext, childStart, childSymbol, childState, fail, keyAt,
                outputLink, keyRulesStart, keyRules, new int[rowCount * SYMBOLS]);
        int next = 0;
        for (int s : order) {
            complete.report[s] = keyAt[s] >= 0 ? s : outputLink[s];
            if (s != 0 && childStart[s + 1] - childStart[s] >= DENSE_CHILDREN) {
                int at = next;
                for (int sym = 0; sym < SYMBOLS; sym++) {
                    complete.rows[at + sym] = complete.next(s, sym);
                }
                complete.rowAt[s] = at;
                next += SYMBOLS;
            }
        }
        return complete;
    }

    /** States with at least this many children get a complete transition row. */
    private static final int DENSE_CHILDREN = 4;

    /** The state after reading {@code sym} in state {@code s}. */
    private int next(int s, int sym) {
        while (s != 0) {
            int row = rowAt[s];
            if (row >= 0) {
                return rows[row + sym];
            }
            int from = childStart[s];
            int to = childStart[s + 1];
            for (int i = from; i < to; i++) {
                int c = childSymbol[i] & 0xFF;
                if (c == sym) {
                    return childState[i];
                }
                if (c > sym) {
                    break;
                }
            }
            s = fail[s];
        }
        return rootNext[sym];
    }

    /**
     * Scans {@code text}; for every key found whose {@code keyStamps} entry is not yet {@code epoch}, sets it and
     * sets {@code ruleStamps[rule]} to {@code epoch} for each of its rules.
     */
    void scan(String text, int[] keyStamps, int[] ruleStamps, int epoch) {
        int s = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            s = next(s, FOLD[text.charAt(i)] & 0xFF);
            int o = report[s];
            while (o != 0) {
                int key = keyAt[o];
                if (keyStamps[key] == epoch) {
                    break; // this key and every shorter suffix key were already reported for this text
                }
                keyStamps[key] = epoch;
                for (int r = keyRulesStart[key], end = keyRulesStart[key + 1]; r < end; r++) {
                    ruleStamps[keyRules[r]] = epoch;
                }
                o = outputLink[o];
            }
        }
    }

    private static byte[] foldTable() {
        int size = Character.MAX_VALUE + 1;
        int[] parent = new int[size];
        for (int c = 0; c < size; c++) {
            parent[c] = c;
        }
        for (int c = 0; c < size; c++) {
            union(parent, c, Character.toLowerCase((char) c));
            union(parent, c, Character.toUpperCase((char) c));
        }
        // the ASCII member of each class, if any
        int[] ascii = new int[size];
        Arrays.fill(ascii, -1);
        for (int c = 0; c < 128; c++) {
            int root = find(parent, c);
            if (ascii[root] < 0) {
                ascii[root] = Character.toLowerCase(c);
            }
        }
        byte[] table = new byte[size];
        for (int c = 0; c < size; c++) {
            int a = ascii[find(parent, c)];
            table[c] = a < 0 ? OTHER : (byte) a;
        }
        return table;
    }

    private static int find(int[] parent, int c) {
        while (parent[c] != c) {
            parent[c] = parent[parent[c]];
            c = parent[c];
        }
        return c;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
