package org.dfmvr.ingest;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.dataset.Quarantined;
import org.dfmvr.dataset.ViewRecord;
import org.dfmvr.detect.FaceDetection;
import org.dfmvr.io.PixelFaceGroundTruth;
import org.dfmvr.landmarks.Landmarks68;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Pixel-Face (zyg11/Pixel-Face; reference §6, §1.7): {@code <subject>/<sample>/mesh/<0|1|2>/t.bmp} (0 left, 1 front,
 * 2 right; 1280x720 landscape BMPs, transposed to portrait as DF-MVR's preprocessing does) and
 * {@code <subject>/<sample>/mesh/fusion/gt.mat} with structs {@code neck_obj09} (registration: v, f 1-based, kpt_ind
 * 106 1-based) and {@code new_kpt_gt_obj} (the scan). The photos have no landmarks: the five points come from the
 * configured detector ({@code dfmvr.ingest.detector.*}); a view without a face is quarantined. The 101 3D landmarks
 * are the registration's 106 keypoint vertices minus rows 3, 15, 17, 25, 27 (0-based; DF-MVR's ignore_index_5),
 * converted from the file's decimetre-like unit to mm (x100). The scan stays in gt.mat ({@code gt_mesh_uri}).
 */
public final class PixelFaceReader implements DatasetReader {
    static final Set<Integer> IGNORED_KEYPOINTS = PixelFaceGroundTruth.IGNORED_KEYPOINTS;
    static final double FILE_UNIT_TO_MM = PixelFaceGroundTruth.FILE_UNIT_TO_MM;
    private static final String[] VIEW_FOLDERS = {"0", "1", "2"};
    private final IngestSettings settings;

    public PixelFaceReader(IngestSettings settings) {
        this.settings = settings;
    }

    @Override
    public Listing list(FileSystem fs, String root) throws IOException {
        settings.detector().requireModel("pixelface"); // fail before any work
        Map<String, Map<String, String>> samples = new TreeMap<>();
        for (Path p : InputFiles.list(fs, new Path(root))) {
            Path viewDir = p.getParent();
            if (!p.getName().equals("t.bmp") || viewDir == null || viewDir.getParent() == null
                    || !viewDir.getParent().getName().equals("mesh")) {
                continue;
            }
            int view = List.of(VIEW_FOLDERS).indexOf(viewDir.getName());
            if (view >= 0) {
                samples.computeIfAbsent(viewDir.getParent().getParent().toString(), k -> new TreeMap<>())
                        .put(ViewRecord.NAMES.get(view), p.toString());
            }
        }
        List<SampleRef> refs = new ArrayList<>();
        List<Quarantined> bad = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> s : samples.entrySet()) {
            Path sampleDir = new Path(s.getKey());
            String subject = sampleDir.getParent().getName();
            String id = "pixelface/" + subject + "/" + sampleDir.getName();
            if (s.getValue().size() < settings.minViews()) {
                bad.add(new Quarantined(s.getKey(), id, "list", "missing_view: has " + s.getValue().keySet()
                        + ", needs " + settings.minViews()));
                continue;
            }
            refs.add(new SampleRef(id, "pixelface/" + subject, sampleDir.getName(), s.getValue(),
                    Map.of("gt", new Path(sampleDir, "mesh/fusion/gt.mat").toString())));
        }
        return new Listing(refs, bad);
    }

    @Override
    public MultiViewSample read(FileSystem fs, SampleRef ref) {
        RawImages.RawFile gt = RawImages.read(fs, ref.extras().get("gt"));
        float[] landmarks3d = landmarks101(gt);
        List<ViewRecord> views = new ArrayList<>();
        List<String> paths = new ArrayList<>(List.of(gt.uri()));
        List<String> sums = new ArrayList<>(List.of(gt.sha256()));
        boolean allLandmarks = true;
        for (String view : ViewRecord.NAMES) {
            String uri = ref.views().get(view);
            if (uri == null) {
                continue;
            }
            RawImages.RawFile raw = RawImages.read(fs, uri);
            paths.add(raw.uri());
            sums.add(raw.sha256());
            BufferedImage photo = transpose(RawImages.decode(raw, settings.maxImagePixels()));
            List<FaceDetection> faces = Detectors.get(settings.detector(), "pixelface", fs.getConf()).detect(photo);
            if (faces.isEmpty()) {
                throw new BadInputException("detect", "no face found in the " + view + " view " + uri
                        + " (score threshold " + settings.detector().scoreThreshold() + ")");
            }
            Landmarks68 lm = Landmarkers.detect(photo, faces.get(0));
            allLandmarks &= lm != null;
            views.add(ViewAligner.align(settings, view, uri, photo, faces.get(0).fivePoints(),
                    lm == null ? null : lm.points(), lm == null ? null : lm.weights(),
                    lm == null ? null : ViewRecord.LANDMARKS_DETECTED, null, null));
        }
        return new MultiViewSample(ref.sampleId(), ref.subjectId(), ref.expressionId(), "pixelface",
                settings.split().of(ref.subjectId()), views, landmarks3d, gt.uri(),
                allLandmarks ? List.of("no_parse") : List.of("no_parse", "no_lm68"),
                paths, sums);
    }

    /** The 101 3D landmarks of gt.mat, [101,3] mm ({@link PixelFaceGroundTruth}). */
    static float[] landmarks101(RawImages.RawFile gt) {
        try {
            return PixelFaceGroundTruth.landmarks101(gt.bytes(), gt.uri());
        } catch (IOException e) {
            throw new BadInputException("read", e.getMessage());
        } catch (RuntimeException e) { // MFL reads struct fields lazily; its messages name no file
            throw new BadInputException("read", gt.uri() + ": cannot read the registration: " + e);
        }
    }

    /** Pixel-Face BMPs are stored landscape; DF-MVR rotates 90 degrees clockwise then flips: a transpose. */
    static BufferedImage transpose(BufferedImage img) {
        BufferedImage out = new BufferedImage(img.getHeight(), img.getWidth(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                out.setRGB(y, x, img.getRGB(x, y));
            }
        }
        return out;
    }
}
