package org.dfmvr.eval;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Driver-side listing: ground truth by sample id, predictions by sample id, and their pairing. Only file names are
 * read here; meshes are loaded by the tasks ({@link PairLoader}).
 */
public final class Pairing {
    /** Bosphorus scan names, as the ingest reader (BosphorusReader) turns them into sample ids. */
    private static final Pattern BNT = Pattern.compile("(bs\\d{3})_([A-Z0-9]+)_([A-Z0-9]+)_(\\d+)\\.bnt");

    /** Start of the reason of a ground-truth entry no prediction of a set pairs with (not a failed prediction). */
    public static final String NO_PREDICTION = "ground truth without a prediction";

    private Pairing() {
    }

    /**
     * One ground-truth scan.
     *
     * @param sampleId  its sample id
     * @param scanMesh  URI of the {@code .obj}/{@code .ply}/{@code .bnt}
     * @param landmarks [7,3] row-major, scan unit, or null to read the sidecar file
     */
    public record GroundTruth(String sampleId, String scanMesh, double[] landmarks) {
    }

    /** Pairs and the unusable entries of one prediction set. */
    public record Listing(List<PairRef> pairs, List<QuarantineEntry> quarantined) {
    }

    /**
     * Ground truth in a folder (searched recursively): {@code <stem>.obj|.ply} (sample id = stem with "__" read as
     * '/', landmarks from {@code <stem>.lm7}) and Bosphorus {@code bsNNN_<pose>_<code>_<n>.bnt} (sample id
     * {@code bosphorus/bsNNN/<pose>_<code>_<n>} as ingest names it, landmarks from the {@code .lm3}) and Pixel-Face
     * {@code <subject>/<sample>/mesh/fusion/gt.mat} (sample id {@code pixelface/<subject>/<sample>} as ingest names
     * it, landmarks from the file's keypoints).
     */
    public static Map<String, GroundTruth> groundTruthFolder(Configuration conf, String folder) throws IOException {
        Path root = new Path(folder);
        FileSystem fs = root.getFileSystem(conf);
        if (!fs.isDirectory(root)) {
            throw new BadEvalInputException("ground truth folder does not exist: " + folder + " (dfmvr.eval.gt / --gt)");
        }
        Map<String, GroundTruth> out = new TreeMap<>();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
        while (files.hasNext()) {
            Path p = files.next().getPath();
            String name = p.getName();
            String lower = name.toLowerCase(Locale.ROOT);
            Matcher m = BNT.matcher(name);
            String id;
            if (m.matches()) {
                id = "bosphorus/" + m.group(1) + "/" + m.group(2) + "_" + m.group(3) + "_" + m.group(4);
            } else if (lower.endsWith(".obj") || lower.endsWith(".ply")) {
                id = PredictionIndex.sampleId(name.substring(0, name.length() - 4));
            } else if (name.equals("gt.mat") && pixelFaceSample(p) != null) {
                id = pixelFaceSample(p);
            } else {
                continue;
            }
            GroundTruth previous = out.put(id, new GroundTruth(id, p.toString(), null));
            if (previous != null) {
                throw new BadEvalInputException("ground truth has two scans for sample " + id + ": "
                        + previous.scanMesh() + " and " + p);
            }
        }
        return out;
    }

    /** {@code pixelface/<subject>/<sample>} of {@code <subject>/<sample>/mesh/fusion/gt.mat}, or null. */
    static String pixelFaceSample(Path gtMat) {
        Path fusion = gtMat.getParent();
        Path mesh = fusion == null ? null : fusion.getParent();
        Path sample = mesh == null ? null : mesh.getParent();
        Path subject = sample == null ? null : sample.getParent();
        if (subject == null || !fusion.getName().equals("fusion") || !mesh.getName().equals("mesh")
                || subject.getName().isEmpty()) {
            return null;
        }
        return "pixelface/" + subject.getName() + "/" + sample.getName();
    }

    /** Pairs one prediction set with the ground truth; everything that cannot be paired becomes a quarantine row. */
    public static Listing pair(Configuration conf, EvalSettings.PredictionSet set, Map<String, GroundTruth> truth)
            throws IOException {
        Path folder = new Path(set.uri());
        FileSystem fs = folder.getFileSystem(conf);
        if (!fs.isDirectory(folder)) {
            throw new BadEvalInputException("prediction folder of set '" + set.name() + "' does not exist: "
                    + set.uri() + " (dfmvr.eval.pred / --pred)");
        }
        Map<String, String> models = PredictionIndex.read(fs, folder);
        Map<String, List<String>> meshes = new TreeMap<>();
        for (FileStatus st : fs.listStatus(folder)) {
            String name = st.getPath().getName();
            String lower = name.toLowerCase(Locale.ROOT);
            if (st.isFile() && (lower.endsWith(".obj") || lower.endsWith(".ply"))) {
                meshes.computeIfAbsent(PredictionIndex.sampleId(name.substring(0, name.length() - 4)),
                        k -> new ArrayList<>()).add(st.getPath().toString());
            }
        }
        List<PairRef> pairs = new ArrayList<>();
        List<QuarantineEntry> bad = new ArrayList<>();
        for (Map.Entry<String, String> e : models.entrySet()) {
            String id = e.getKey();
            List<String> files = meshes.getOrDefault(id, List.of());
            GroundTruth gt = truth.get(id);
            String expected = new Path(folder, PredictionIndex.stem(id)).toString();
            if (files.size() != 1) {
                bad.add(new QuarantineEntry(set.name(), expected + ".obj|.ply", id, "pair", files.isEmpty()
                        ? "listed in predictions.json but no mesh " + PredictionIndex.stem(id) + ".obj or .ply exists"
                        : "two meshes for one sample: " + files));
            } else if (gt == null) {
                bad.add(new QuarantineEntry(set.name(), files.get(0), id, "pair", "no ground truth with this sample id under "
                        + "dfmvr.eval.gt"));
            } else {
                pairs.add(new PairRef(set.name(), id, files.get(0), e.getValue(), gt.scanMesh(), gt.landmarks()));
            }
        }
        for (Map.Entry<String, List<String>> e : meshes.entrySet()) {
            if (!models.containsKey(e.getKey())) {
                bad.add(new QuarantineEntry(set.name(), e.getValue().get(0), e.getKey(), "pair", "mesh not listed in predictions.json "
                        + "(its model, hence its landmark vertices, is unknown)"));
            }
        }
        for (GroundTruth gt : truth.values()) {
            if (!models.containsKey(gt.sampleId())) {
                bad.add(new QuarantineEntry(set.name(), gt.scanMesh(), gt.sampleId(), "pair", NO_PREDICTION + " in "
                        + "set '" + set.name() + "'"));
            }
        }
        return new Listing(pairs, bad);
    }
}
