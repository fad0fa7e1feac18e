package org.dfmvr.ingest;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.dataset.Quarantined;
import org.dfmvr.dataset.ViewRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Multi-PIE as distributed with TP-GAN's crops (HRLTY/TP-GAN data-example): images
 * {@code <subject>_<session>_<recording>_<camera>_<illumination>_cropped.png} with five points in
 * {@code <same stem>_trans.5pt} (5 lines {@code x y}, crop pixels). A sample is one subject/session/recording/
 * illumination; its views are the cameras configured in {@code dfmvr.ingest.multipie.cameras} (other cameras are other
 * poses and are ignored). Multi-PIE has no parse labels or 68-point landmarks here: samples are flagged
 * {@code no_parse} and {@code no_lm68}.
 */
public final class MultiPieReader implements DatasetReader {
    private static final Pattern IMAGE = Pattern.compile("(\\d{3})_(\\d{2})_(\\d{2})_(\\d{3})_(\\d{2})_cropped\\.png");
    private final IngestSettings settings;

    public MultiPieReader(IngestSettings settings) {
        this.settings = settings;
    }

    @Override
    public Listing list(FileSystem fs, String root) throws IOException {
        Map<String, String> viewOfCamera = new HashMap<>();
        settings.multipieCameras().forEach((view, camera) -> viewOfCamera.put(camera, view));
        Map<String, Map<String, String>> groups = new TreeMap<>(); // sample id -> view -> image uri
        Map<String, TreeSet<String>> repeated = new TreeMap<>(); // sample id -> images that claim one view of it
        for (Path p : InputFiles.list(fs, new Path(root))) {
            Matcher m = IMAGE.matcher(p.getName());
            if (!m.matches() || !viewOfCamera.containsKey(m.group(4))) {
                continue;
            }
            String id = "multipie/" + m.group(1) + "/" + m.group(2) + "_" + m.group(3) + "_" + m.group(5);
            String previous = groups.computeIfAbsent(id, k -> new TreeMap<>()).put(viewOfCamera.get(m.group(4)),
                    p.toString());
            if (previous != null) {
                repeated.computeIfAbsent(id, k -> new TreeSet<>()).addAll(List.of(previous, p.toString()));
            }
        }
        List<SampleRef> refs = new ArrayList<>();
        List<Quarantined> bad = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> g : groups.entrySet()) {
            String[] parts = g.getKey().split("/");
            Map<String, String> views = g.getValue();
            if (repeated.containsKey(g.getKey())) {
                bad.add(new Quarantined(repeated.get(g.getKey()).first(), g.getKey(), "list", "duplicate_id: "
                        + "one view of this sample is in more than one file " + repeated.get(g.getKey())
                        + " (the same session copied twice?); not merged"));
                continue;
            }
            if (views.size() < settings.minViews()) {
                bad.add(new Quarantined(views.values().iterator().next(), g.getKey(), "list",
                        "missing_view: has " + views.keySet() + ", needs " + settings.minViews() + " of "
                                + settings.multipieCameras()));
                continue;
            }
            Map<String, String> extras = new HashMap<>();
            views.forEach((view, uri) -> extras.put(view + ".5pt", uri.replace("_cropped.png", "_trans.5pt")));
            refs.add(new SampleRef(g.getKey(), "multipie/" + parts[1], parts[2].substring(0, 5), views, extras));
        }
        return new Listing(refs, bad);
    }

    @Override
    public MultiViewSample read(FileSystem fs, SampleRef ref) {
        List<ViewRecord> views = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        List<String> sums = new ArrayList<>();
        for (String view : ViewRecord.NAMES) {
            String uri = ref.views().get(view);
            if (uri == null) {
                continue;
            }
            RawImages.RawFile image = RawImages.read(fs, uri);
            RawImages.RawFile points = RawImages.read(fs, ref.extras().get(view + ".5pt"));
            paths.add(image.uri());
            sums.add(image.sha256());
            paths.add(points.uri());
            sums.add(points.sha256());
            views.add(ViewAligner.align(settings, view, uri, RawImages.decode(image, settings.maxImagePixels()),
                    parseFivePoints(points), null, null, settings.multipieYaws().get(view)));
        }
        return new MultiViewSample(ref.sampleId(), ref.subjectId(), ref.expressionId(), "multipie",
                settings.split().of(ref.subjectId()), views, null, null, List.of("no_parse", "no_lm68"), paths, sums);
    }

    /** Five lines of {@code x y} (pixels); anything else is a bad input naming the file and line. */
    static double[][] parseFivePoints(RawImages.RawFile file) {
        String[] lines = new String(file.bytes(), StandardCharsets.UTF_8).strip().split("\\R");
        if (lines.length != 5) {
            throw new BadInputException("read", file.uri() + ": expected 5 lines 'x y', got " + lines.length);
        }
        double[][] pts = new double[5][2];
        for (int i = 0; i < 5; i++) {
            String[] xy = lines[i].strip().split("\\s+");
            try {
                if (xy.length != 2) {
                    throw new NumberFormatException("expected 2 numbers, got " + xy.length);
                }
                pts[i][0] = Double.parseDouble(xy[0]);
                pts[i][1] = Double.parseDouble(xy[1]);
            } catch (NumberFormatException e) {
                throw new BadInputException("read", file.uri() + " line " + (i + 1) + ": '" + lines[i] + "': "
                        + e.getMessage());
            }
        }
        return pts;
    }
}
