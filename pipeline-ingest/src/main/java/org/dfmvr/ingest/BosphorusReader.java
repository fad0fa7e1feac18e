package org.dfmvr.ingest;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.dataset.ViewRecord;
import org.dfmvr.io.BntScan;
import org.dfmvr.io.LandmarkFile;
import org.dfmvr.io.MalformedFileException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bosphorus (Savran et al. 2008), the evaluation ground truth: per scan {@code <subject>_<pose>_<code>_<n>.bnt} with its
 * texture {@code .png} and landmarks {@code .lm2} (image) / {@code .lm3} (3D). Each scan is one single-view sample
 * (Bosphorus photographs one pose per scan); its {@code gt_mesh_uri} is the {@code .bnt}, which eval meshes with
 * {@link BntScan#toMesh()}. The .bnt is parsed here too, so a corrupt scan is quarantined at ingest, not at eval.
 *
 * <p>Five points from the {@code .lm2} labels, in image order: the subject's RIGHT eye appears on the image's left, so
 * point 0 = mean of the right eye's corners, 1 = left eye's, 2 = nose tip, 3 = right mouth corner, 4 = left.
 */
public final class BosphorusReader implements DatasetReader {
    private static final Pattern SCAN = Pattern.compile("(bs\\d{3})_([A-Z0-9]+)_([A-Z0-9]+)_(\\d+)\\.bnt");
    private static final String[][] FIVE_POINTS = {
            {"Outer right eye corner", "Inner right eye corner"}, {"Inner left eye corner", "Outer left eye corner"},
            {"Nose tip"}, {"Right mouth corner"}, {"Left mouth corner"}};
    private final IngestSettings settings;

    public BosphorusReader(IngestSettings settings) {
        this.settings = settings;
    }

    @Override
    public Listing list(FileSystem fs, String root) throws IOException {
        TreeSet<String> scans = new TreeSet<>();
        for (Path p : InputFiles.list(fs, new Path(root))) {
            if (SCAN.matcher(p.getName()).matches()) {
                scans.add(p.toString());
            }
        }
        List<SampleRef> refs = new ArrayList<>();
        for (String bnt : scans) {
            Matcher m = SCAN.matcher(new Path(bnt).getName());
            m.matches();
            String stem = bnt.substring(0, bnt.length() - ".bnt".length());
            refs.add(new SampleRef("bosphorus/" + m.group(1) + "/" + m.group(2) + "_" + m.group(3) + "_" + m.group(4),
                    "bosphorus/" + m.group(1), m.group(2) + "_" + m.group(3), Map.of("front", stem + ".png"),
                    Map.of("bnt", bnt, "lm2", stem + ".lm2")));
        }
        return new Listing(refs, List.of());
    }

    @Override
    public MultiViewSample read(FileSystem fs, SampleRef ref) {
        RawImages.RawFile bnt = RawImages.read(fs, ref.extras().get("bnt"));
        RawImages.RawFile lm2 = RawImages.read(fs, ref.extras().get("lm2"));
        RawImages.RawFile png = RawImages.read(fs, ref.views().get("front"));
        Map<String, double[]> marks;
        try {
            GroundTruthMeshes.check(BntScan.parse(bnt.bytes(), bnt.uri()).toMesh(), bnt.uri());
            marks = LandmarkFile.parse(lm2.bytes(), lm2.uri(), 2);
        } catch (MalformedFileException e) {
            throw new BadInputException("read", e.getMessage());
        }
        double[][] five = new double[5][2];
        for (int i = 0; i < 5; i++) {
            for (String label : FIVE_POINTS[i]) {
                double[] p = marks.get(label);
                if (p == null) {
                    throw new BadInputException("align", lm2.uri() + ": landmark '" + label + "' is missing (needed "
                            + "for the five-point alignment)");
                }
                five[i][0] += p[0] / FIVE_POINTS[i].length;
                five[i][1] += p[1] / FIVE_POINTS[i].length;
            }
        }
        ViewRecord view = ViewAligner.align(settings, "front", png.uri(),
                RawImages.decode(png, settings.maxImagePixels()), five, null, null, null);
        return new MultiViewSample(ref.sampleId(), ref.subjectId(), ref.expressionId(), "bosphorus",
                settings.split().of(ref.subjectId()), List.of(view), null, bnt.uri(), List.of("no_parse", "no_lm68"),
                List.of(png.uri(), lm2.uri(), bnt.uri()), List.of(png.sha256(), lm2.sha256(), bnt.sha256()));
    }
}
