package org.dfmvr.infer;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dfmvr.config.ConfigError;
import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.dataset.Quarantined;
import org.dfmvr.dataset.ViewRecord;
import org.dfmvr.detect.FaceDetection;
import org.dfmvr.ingest.BadInputException;
import org.dfmvr.ingest.DatasetReader;
import org.dfmvr.ingest.Detectors;
import org.dfmvr.ingest.IngestSettings;
import org.dfmvr.ingest.Landmarkers;
import org.dfmvr.ingest.InputFiles;
import org.dfmvr.ingest.RawImages;
import org.dfmvr.ingest.SampleRef;
import org.dfmvr.ingest.SyntheticReader;
import org.dfmvr.ingest.ViewAligner;
import org.dfmvr.landmarks.Landmarks68;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An untrusted photo archive, read and aligned with ingest's code ({@link RawImages}: pixel limit from the header
 * before decoding; {@link ViewAligner}; {@link Detectors}). Two layouts:
 * <ul>
 *   <li>a folder tree {@code <root>/.../<subject>/<sample>/<view>.png|jpg|jpeg} (view = left, front, right; any
 *       subset), sample id {@code archive/<path of the sample folder under root>} (every folder level is kept, so
 *       {@code siteX/dup/e00} and {@code siteY/dup/e00} are two samples; a folder at the first level, or the root
 *       itself, is prefixed with the names above it up to {@code archive/<subject>/<sample>});</li>
 *   <li>a manifest CSV file with the header {@code subject,sample,left,front,right} (no quoting; an empty cell = no
 *       such view; paths relative to the manifest's folder or absolute URIs), sample id
 *       {@code archive/<subject>/<sample>}; two rows with the same subject and sample are both quarantined at
 *       listing ({@code duplicate_id}), never merged.</li>
 * </ul>
 * Optional sidecars next to a photo: {@code <view>.lm68.txt} (68 lines "x y", source pixels; gives the five alignment
 * points and the landmark quality check) and {@code <view>.parse.png} (labels 0..9; the network's label channel).
 * Without landmarks the configured face detector finds the face and its five points, and the shipped 68-point
 * network ({@link Landmarkers}) its landmarks, recorded with source {@code detected} and per-point weights (a
 * sidecar wins; an implausible detection leaves the view without landmarks, flag {@code no_lm68}). Every path,
 * sidecars included, must resolve (lexically, and for local files also through symlinks) under the archive roots; a
 * path outside is quarantined at listing, before anything is opened.
 */
public final class PhotoArchiveReader implements DatasetReader {
    public static final String SOURCE = "archive";
    static final String LM68 = ".lm68.txt";
    static final String PARSE = ".parse.png";
    private static final List<String> IMAGE_SUFFIXES = List.of(".png", ".jpg", ".jpeg");
    static final List<String> MANIFEST_HEADER = List.of("subject", "sample", "left", "front", "right");

    private final IngestSettings ingest;
    private final int minViews;
    private final List<String> archiveRoots;

    /**
     * @param ingest       alignment settings at the network's image size
     * @param archiveRoots URIs every path must resolve under; empty = the listed folder (or the manifest's folder)
     */
    public PhotoArchiveReader(IngestSettings ingest, int minViews, List<String> archiveRoots) {
        this.ingest = ingest;
        this.minViews = minViews;
        this.archiveRoots = List.copyOf(archiveRoots);
    }

    @Override
    public Listing list(FileSystem fs, String root) throws IOException {
        Path rootPath = fs.makeQualified(new Path(root));
        boolean manifest = fs.getFileStatus(rootPath).isFile();
        Path base = manifest ? rootPath.getParent() : rootPath;
        List<Path> roots = new ArrayList<>();
        for (String r : archiveRoots.isEmpty() ? List.of(base.toString()) : archiveRoots) {
            roots.add(fs.makeQualified(new Path(r)));
        }
        Map<String, String> problems = new TreeMap<>();
        Map<String, String> origins = new TreeMap<>();
        List<Quarantined> bad = new ArrayList<>();
        Map<String, Map<String, Path>> views = manifest ? manifestRows(fs, rootPath, origins, problems, bad)
                : folderTree(fs, rootPath, problems);
        List<SampleRef> refs = new ArrayList<>();
        problems.forEach((id, problem) -> {
            if (!views.containsKey(id)) {
                bad.add(new Quarantined(origins.getOrDefault(id, rootPath.toString()), id, "list", problem));
            }
        });
        for (Map.Entry<String, Map<String, Path>> e : views.entrySet()) {
            String id = e.getKey();
            String[] parts = id.split("/");
            Map<String, String> viewUris = new TreeMap<>();
            Map<String, String> extras = new TreeMap<>();
            String origin = origins.getOrDefault(id, "");
            String escape = problems.get(id);
            try { // one row's foreign filesystem or unresolvable path quarantines that row, not the listing
                for (Map.Entry<String, Path> v : e.getValue().entrySet()) {
                    Path photo = fs.makeQualified(v.getValue());
                    escape = escape != null ? escape : outsideRoots(photo, roots);
                    viewUris.put(v.getKey(), photo.toString());
                    String stem = stem(photo.getName());
                    for (String[] sidecar : new String[][] {{".lm68", LM68}, {".parse", PARSE}}) {
                        Path p = new Path(photo.getParent(), stem + sidecar[1]);
                        if (escape == null && fs.exists(p)) {
                            escape = outsideRoots(p, roots);
                            extras.put(v.getKey() + sidecar[0], p.toString());
                        }
                    }
                }
            } catch (IOException | RuntimeException ex) {
                escape = origin + (origin.isEmpty() ? "" : ": ") + "cannot resolve " + e.getValue().values()
                        + " under " + base + ": " + ex.getMessage();
            }
            String first = viewUris.values().stream().findFirst()
                    .orElse(origin.isEmpty() ? e.getValue().values().stream().map(Path::toString).findFirst()
                            .orElse(id) : origin);
            if (escape != null) {
                bad.add(new Quarantined(first, id, "list", escape));
            } else if (viewUris.size() < minViews) {
                bad.add(new Quarantined(first, id, "list", "missing_view: has " + viewUris.keySet() + ", needs "
                        + minViews + " (dfmvr.infer.min-views)"));
            } else {
                String subject = id.substring(0, id.lastIndexOf('/'));
                refs.add(new SampleRef(id, subject, parts[parts.length - 1], viewUris, extras));
            }
        }
        return new Listing(refs, bad);
    }

    /**
     * Sample id -> view -> photo path of a manifest CSV. A malformed row is a problem of its own (keyed by its line,
     * so it quarantines alone); {@code origins} gets each id's {@code <manifest> line <n>}; rows that repeat an id go
     * to {@code duplicates}, all of them.
     */
    private static Map<String, Map<String, Path>> manifestRows(FileSystem fs, Path manifest,
                                                               Map<String, String> origins,
                                                               Map<String, String> problems,
                                                               List<Quarantined> duplicates) throws IOException {
        Map<String, Map<String, Path>> out = new TreeMap<>();
        Map<String, Integer> firstLine = new TreeMap<>();
        java.util.Set<String> repeated = new java.util.TreeSet<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(manifest), StandardCharsets.UTF_8))) {
            String header = in.readLine();
            List<String> columns = header == null ? List.of() : List.of(header.strip().toLowerCase(Locale.ROOT)
                    .split("\\s*,\\s*"));
            if (!columns.equals(MANIFEST_HEADER)) {
                throw new BadInputException("list", manifest + ": header must be " + String.join(",", MANIFEST_HEADER)
                        + ", got '" + header + "'");
            }
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String origin = manifest + " line " + lineNo;
                String[] cells = line.split(",", -1);
                if (cells.length != MANIFEST_HEADER.size() || cells[0].isBlank() || cells[1].isBlank()
                        || cells[0].contains("/") || cells[1].contains("/")) {
                    String key = SOURCE + "/(" + origin + ")";
                    origins.put(key, origin);
                    problems.put(key, origin + ": expected 5 cells subject,sample,left,front,right with subject and "
                            + "sample set and without '/', got '" + line + "'");
                    continue;
                }
                String id = SOURCE + "/" + cells[0].strip() + "/" + cells[1].strip();
                origins.put(id, origin);
                Map<String, Path> views = new LinkedHashMap<>();
                for (int v = 0; v < 3; v++) {
                    String cell = cells[2 + v].strip();
                    if (!cell.isEmpty()) {
                        try {
                            views.put(ViewRecord.NAMES.get(v), new Path(manifest.getParent(), cell));
                        } catch (IllegalArgumentException e) { // not a path Hadoop can parse
                            problems.put(id, origin + ": " + ViewRecord.NAMES.get(v) + " cell '" + cell
                                    + "' is not a usable path: " + e.getMessage());
                        }
                    }
                }
                Integer first = firstLine.putIfAbsent(id, lineNo);
                if (first != null) {
                    repeated.add(id);
                    duplicates.add(new Quarantined(manifest + ":" + lineNo, id, "list", "duplicate_id: line "
                            + lineNo + " repeats subject,sample of line " + first + " (both rows are quarantined)"));
                } else {
                    out.put(id, views);
                }
            }
        }
        for (String id : repeated) {
            out.remove(id);
            duplicates.add(new Quarantined(manifest + ":" + firstLine.get(id), id, "list", "duplicate_id: line "
                    + firstLine.get(id) + " has the same subject,sample as a later row (both rows are quarantined)"));
        }
        return out;
    }

    /**
     * Sample id -> view -> photo path of {@code <subject>/<sample>/<view>.<image>} files under {@code root}. Two
     * files for one view (names that differ only in case or suffix, e.g. {@code FRONT.PNG} and {@code front.png}) are
     * ambiguous: a problem naming both, never a silent pick.
     */
    private static Map<String, Map<String, Path>> folderTree(FileSystem fs, Path root, Map<String, String> problems)
            throws IOException {
        Map<String, Map<String, Path>> out = new TreeMap<>();
        for (Path p : InputFiles.list(fs, root)) {
            String name = p.getName().toLowerCase(Locale.ROOT);
            String view = stem(name);
            if (name.endsWith(PARSE) || !ViewRecord.NAMES.contains(view) || p.getParent().getParent() == null) {
                continue;
            }
            String id = sampleId(root, p.getParent());
            Path other = out.computeIfAbsent(id, k -> new TreeMap<>()).putIfAbsent(view, p);
            if (other != null) {
                problems.merge(id, "ambiguous_view: " + other.getName() + " and " + p.getName() + " in "
                        + p.getParent() + " are both the " + view + " view; keep one", (a, b) -> a + "; " + b);
            }
        }
        return out;
    }

    /**
     * {@code archive/} + the path of {@code folder} under {@code root} (decoded, every level kept); a folder with
     * fewer than two levels under the root is prefixed with the names above it, as {@code <subject>/<sample>}.
     */
    static String sampleId(Path root, Path folder) {
        String rootPath = root.toUri().getPath();
        String prefix = rootPath.endsWith("/") ? rootPath : rootPath + "/";
        String path = folder.toUri().getPath();
        List<String> levels = new ArrayList<>(path.startsWith(prefix)
                ? List.of(path.substring(prefix.length()).split("/")) : List.of());
        levels.removeIf(String::isEmpty);
        Path above = path.startsWith(prefix) ? root : folder;
        if (!path.startsWith(prefix)) {
            levels.add(folder.getName());
            above = folder.getParent();
        }
        while (levels.size() < 2 && above != null && !above.getName().isEmpty()) {
            levels.add(0, above.getName());
            above = above.getParent();
        }
        return SOURCE + "/" + String.join("/", levels);
    }

    /** The file name without an image suffix, or the name itself when it has none. */
    private static String stem(String name) {
        for (String suffix : IMAGE_SUFFIXES) {
            if (name.toLowerCase(Locale.ROOT).endsWith(suffix)) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    /** Null when {@code p} lies under one of {@code roots}, else the quarantine reason. */
    static String outsideRoots(Path p, List<Path> roots) {
        String path = p.toUri().normalize().getPath();
        if (!under(p, path, roots, false)) {
            return "path_escape: " + p + " is outside the archive roots " + roots + " (dfmvr.infer.archive-roots)";
        }
        if ("file".equals(p.toUri().getScheme())) {
            java.nio.file.Path local = java.nio.file.Path.of(path);
            if (Files.exists(local)) {
                try {
                    String real = local.toRealPath().toString();
                    if (!under(p, real, roots, true)) {
                        return "path_escape: " + p + " resolves (through a symlink) to " + real
                                + ", outside the archive roots " + roots + " (dfmvr.infer.archive-roots)";
                    }
                } catch (IOException e) {
                    return "path_escape: cannot resolve " + p + ": " + e.getMessage();
                }
            }
        }
        return null;
    }

    private static boolean under(Path p, String path, List<Path> roots, boolean realRoots) {
        for (Path root : roots) {
            if (!java.util.Objects.equals(p.toUri().getScheme(), root.toUri().getScheme())
                    || !java.util.Objects.equals(p.toUri().getAuthority(), root.toUri().getAuthority())) {
                continue;
            }
            String r = root.toUri().normalize().getPath();
            if (realRoots) {
                try {
                    r = java.nio.file.Path.of(r).toRealPath().toString();
                } catch (IOException e) {
                    continue;
                }
            }
            String prefix = r.endsWith("/") ? r : r + "/";
            if (path.equals(r) || path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Every file of {@code ref} (photos, then sidecars), read whole: the content hash and decoding share them. */
    public Map<String, RawImages.RawFile> fetch(FileSystem fs, SampleRef ref) {
        Map<String, RawImages.RawFile> files = new TreeMap<>();
        ref.views().forEach((view, uri) -> files.put(view, RawImages.read(fs, uri)));
        ref.extras().forEach((role, uri) -> files.put(role, RawImages.read(fs, uri)));
        return files;
    }

    /** Hex SHA-256 over the roles and SHA-256s of {@code files}: changes when any photo or sidecar changes. */
    public static String contentHash(Map<String, RawImages.RawFile> files) {
        StringBuilder all = new StringBuilder();
        new TreeMap<>(files).forEach((role, f) -> all.append(role).append('=').append(f.sha256()).append('\n'));
        return RawImages.sha256(all.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes (after the header pixel check) and aligns the fetched files of {@code ref}. */
    public MultiViewSample build(FileSystem fs, SampleRef ref, Map<String, RawImages.RawFile> files) {
        List<ViewRecord> views = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        List<String> sums = new ArrayList<>();
        List<String> flags = new ArrayList<>();
        for (String view : ViewRecord.NAMES) {
            RawImages.RawFile image = files.get(view);
            if (image == null) {
                continue;
            }
            BufferedImage photo = RawImages.decode(image, ingest.maxImagePixels());
            RawImages.RawFile lm = files.get(view + ".lm68");
            RawImages.RawFile parse = files.get(view + ".parse");
            float[] lm68 = null;
            float[] weights = null;
            String lmSource = null;
            double[][] points5;
            if (lm != null) {
                lm68 = SyntheticReader.parseLandmarks68(lm);
                lmSource = ViewRecord.LANDMARKS_SIDECAR;
                points5 = SyntheticReader.fivePoints(lm68);
            } else {
                FaceDetection face = detect(fs, view, image.uri(), photo);
                points5 = face.fivePoints();
                Landmarks68 detected = Landmarkers.detect(photo, face);
                if (detected != null) {
                    lm68 = detected.points();
                    weights = detected.weights();
                    lmSource = ViewRecord.LANDMARKS_DETECTED;
                } else {
                    flags.add("no_lm68");
                }
            }
            int[] labels = parse == null ? null : SyntheticReader.parseLabels(parse, photo, ingest.maxImagePixels());
            if (parse == null) {
                flags.add("no_parse");
            }
            views.add(ViewAligner.align(ingest, view, image.uri(), photo, points5, lm68, weights, lmSource, labels,
                    null));
            for (RawImages.RawFile f : new RawImages.RawFile[] {image, lm, parse}) {
                if (f != null) {
                    paths.add(f.uri());
                    sums.add(f.sha256());
                }
            }
        }
        return new MultiViewSample(ref.sampleId(), ref.subjectId(), ref.expressionId(), SOURCE, "infer", views, null,
                null, flags.stream().distinct().toList(), paths, sums);
    }

    private FaceDetection detect(FileSystem fs, String view, String uri, BufferedImage photo) {
        List<FaceDetection> faces;
        try {
            faces = Detectors.get(ingest.detector(), SOURCE, fs.getConf()).detect(photo);
        } catch (ConfigError e) {
            throw new BadInputException("detect", view + " view " + uri + " has no " + LM68 + " sidecar and "
                    + e.getMessage());
        }
        if (faces.isEmpty()) {
            throw new BadInputException("detect", "no face found in the " + view + " view " + uri
                    + " (score threshold " + ingest.detector().scoreThreshold() + ")");
        }
        return faces.get(0);
    }

    @Override
    public MultiViewSample read(FileSystem fs, SampleRef ref) {
        return build(fs, ref, fetch(fs, ref));
    }
}
