package org.dfmvr.output;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The file-name stem of a sample id (a {@code /}-separated relative path that may hold any character a filesystem
 * allows): an injective, filesystem- and URI-safe encoding, so two samples never share an output file.
 *
 * <ul>
 *   <li>{@code A-Z a-z 0-9 . -} stay as they are (a leading {@code .} is escaped: no hidden files);</li>
 *   <li>{@code /} becomes {@code __}; a {@code _} stays as it is when neither neighbour is {@code _} or {@code /}
 *       and it is not the first or last character, otherwise it is escaped, so every run of underscores in a stem
 *       is either one literal {@code _} or pairs that each stand for one {@code /};</li>
 *   <li>every other byte of the id's UTF-8 form becomes {@code ~XX} (two upper-case hex digits). {@code ~} is the
 *       escape because it is unreserved in URIs and allowed in file names everywhere, where {@code %} would be
 *       re-quoted by Hadoop paths and URLs.</li>
 * </ul>
 * Ids without {@code __}, edge underscores or special characters keep the stems of earlier versions
 * ({@code synthetic/s001/e01} -> {@code synthetic__s001__e01}; {@code a/b_c} -> {@code a__b_c}), and
 * {@link #sampleId} reads such hand-made names too. A stem longer than {@value #MAX_STEM} characters is cut and ends
 * in {@code ~~} and 16 hex digits of the id's SHA-256 (names stay under common 255-byte limits; not decodable, the
 * result tables carry the id). What the encoding cannot prevent — two stems that differ only in letter case on a
 * case-insensitive filesystem — {@link #collisions} finds, so a job can quarantine both samples instead of letting
 * one overwrite the other.
 */
public final class SampleFileNames {
    /** The longest stem written as is; longer ones are cut and hashed. */
    public static final int MAX_STEM = 180;
    private static final char ESCAPE = '~';
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private SampleFileNames() {
    }

    /** The file-name stem of {@code sampleId} (see the class comment). */
    public static String stem(String sampleId) {
        if (sampleId.isEmpty()) {
            throw new IllegalArgumentException("a sample id must not be empty");
        }
        StringBuilder out = new StringBuilder();
        byte[] bytes = sampleId.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (b == '/') {
                out.append("__");
            } else if (b == '_' ? literalUnderscore(bytes, i) : safe(b) && !(b == '.' && i == 0)) {
                out.append((char) b);
            } else {
                out.append(ESCAPE).append(HEX.toHexDigits((byte) b));
            }
        }
        if (out.length() <= MAX_STEM) {
            return out.toString();
        }
        return out.substring(0, MAX_STEM - 18) + ESCAPE + ESCAPE + HEX.formatHex(sha256(sampleId), 0, 8);
    }

    /**
     * The sample id of a stem written by {@link #stem}, or of a hand-made name in the same convention ({@code __}
     * for {@code /}); a {@code ~} that does not start a two-digit escape and an odd run of three or more
     * underscores are read leniently (as written, and as {@code /} followed by {@code _}).
     *
     * @throws IllegalArgumentException for a cut-and-hashed stem (its id is only in the result table)
     */
    public static String sampleId(String stem) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < stem.length()) {
            char c = stem.charAt(i);
            if (c == ESCAPE && i + 1 < stem.length() && stem.charAt(i + 1) == ESCAPE) {
                throw new IllegalArgumentException("stem " + stem + " is cut and hashed; its sample id is in the "
                        + "result table");
            }
            if (c == ESCAPE && i + 2 < stem.length() && isHex(stem.charAt(i + 1)) && isHex(stem.charAt(i + 2))) {
                out.write(HexFormat.fromHexDigits(stem, i + 1, i + 3));
                i += 3;
            } else if (c == '_') {
                int run = 0;
                while (i + run < stem.length() && stem.charAt(i + run) == '_') {
                    run++;
                }
                for (int k = 0; k < run / 2; k++) {
                    out.write('/');
                }
                if (run % 2 == 1) {
                    out.write('_');
                }
                i += run;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i++;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Groups of ids whose stems would name the same file: equal stems, or (when {@code caseInsensitive}) stems equal
     * ignoring letter case. Only groups of two or more ids are returned, keyed by the shared (lower-cased) stem.
     */
    public static Map<String, List<String>> collisions(Collection<String> sampleIds, boolean caseInsensitive) {
        Map<String, List<String>> byStem = new TreeMap<>();
        for (String id : sampleIds) {
            String stem = stem(id);
            byStem.computeIfAbsent(caseInsensitive ? stem.toLowerCase(Locale.ROOT) : stem, k -> new ArrayList<>())
                    .add(id);
        }
        byStem.values().removeIf(ids -> ids.size() < 2);
        return byStem;
    }

    /**
     * Whether {@code dir}'s filesystem treats names that differ only in letter case as one file, found by creating a
     * probe file in {@code dir} (created if missing) and asking for its upper-case name; the probe is removed.
     */
    public static boolean caseInsensitive(FileSystem fs, Path dir) throws IOException {
        fs.mkdirs(dir);
        String name = "_case-probe-" + UUID.randomUUID();
        Path lower = new Path(dir, name);
        fs.create(lower, false).close();
        try {
            return fs.exists(new Path(dir, name.toUpperCase(Locale.ROOT)));
        } finally {
            fs.delete(lower, false);
        }
    }

    private static boolean safe(int b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '.' || b == '-';
    }

    /** An underscore is written as is only where it cannot touch the {@code __} of a separator. */
    private static boolean literalUnderscore(byte[] id, int i) {
        return i > 0 && i < id.length - 1 && id[i - 1] != '_' && id[i - 1] != '/' && id[i + 1] != '_'
                && id[i + 1] != '/';
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }
}
