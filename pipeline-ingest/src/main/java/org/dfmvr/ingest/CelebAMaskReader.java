package org.dfmvr.ingest;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dfmvr.dataset.MultiViewSample;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CelebAMask-HQ (switchablenorms/CelebAMask-HQ), the parse net's training data: {@code CelebA-HQ-img/<k>.jpg} with
 * binary part masks {@code CelebAMask-HQ-mask-anno/<k / 2000>/<%05d k>_<part>.png} (any size; resampled to the photo
 * by nearest neighbour). Parts are painted in the dataset's own order (skin, nose, eye_g, l_eye, r_eye, l_brow, r_brow,
 * l_ear, r_ear, mouth, u_lip, l_lip, hair, hat, ear_r, neck_l, neck, cloth), later over earlier, and mapped to our 10
 * classes; parts outside them (hair, hat, ears, neck, cloth, glasses) become background, so hair over the forehead is
 * not skin.
 *
 * <p>The dataset has no landmarks: the five alignment points come from the masks (eye centres = centroids of the two
 * eye masks; nose tip = centroid of the lowest fifth of the nose mask; mouth corners = the leftmost and rightmost
 * pixels of mouth and lips). Each photo is its own subject (CelebA-HQ does not ship identities with the masks), one
 * {@code front} view, flagged {@code no_lm68}.
 */
public final class CelebAMaskReader implements DatasetReader {
    private static final Pattern MASK = Pattern.compile("(\\d{5})_([a-z_]+)\\.png");
    private static final Pattern IMAGE = Pattern.compile("(\\d+)\\.(jpg|png)");
    /** Dataset part name to our class, in the dataset's paint order. */
    static final Map<String, Integer> PARTS = orderedParts();

    private final IngestSettings settings;

    public CelebAMaskReader(IngestSettings settings) {
        this.settings = settings;
    }

    private static Map<String, Integer> orderedParts() {
        Map<String, Integer> m = new java.util.LinkedHashMap<>();
        String[] order = {"skin", "nose", "eye_g", "l_eye", "r_eye", "l_brow", "r_brow", "l_ear", "r_ear", "mouth",
                "u_lip", "l_lip", "hair", "hat", "ear_r", "neck_l", "neck", "cloth"};
        Map<String, Integer> ours = Map.of("skin", 1, "l_brow", 2, "r_brow", 3, "l_eye", 4, "r_eye", 5, "nose", 6,
                "mouth", 7, "u_lip", 8, "l_lip", 9);
        for (String part : order) {
            m.put(part, ours.getOrDefault(part, 0));
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    @Override
    public Listing list(FileSystem fs, String root) throws IOException {
        Map<Integer, String> images = new TreeMap<>();
        Map<Integer, Map<String, String>> masks = new TreeMap<>();
        for (Path p : InputFiles.list(fs, new Path(root))) {
            Matcher m = MASK.matcher(p.getName());
            if (m.matches() && PARTS.containsKey(m.group(2))) {
                masks.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new TreeMap<>()).put(m.group(2), p.toString());
                continue;
            }
            Matcher i = IMAGE.matcher(p.getName());
            if (i.matches() && p.getParent().getName().equals("CelebA-HQ-img")) {
                images.put(Integer.parseInt(i.group(1)), p.toString());
            }
        }
        List<SampleRef> refs = new ArrayList<>();
        List<org.dfmvr.dataset.Quarantined> bad = new ArrayList<>();
        for (Map.Entry<Integer, String> e : images.entrySet()) {
            String id = String.format("celebamask/%05d/%05d", e.getKey(), e.getKey());
            Map<String, String> parts = masks.getOrDefault(e.getKey(), Map.of());
            if (!parts.containsKey("skin")) {
                bad.add(new org.dfmvr.dataset.Quarantined(e.getValue(), id, "list", "no skin mask found for image "
                        + e.getKey() + " (expected CelebAMask-HQ-mask-anno/" + e.getKey() / 2000 + "/"
                        + String.format("%05d", e.getKey()) + "_skin.png)"));
                continue;
            }
            Map<String, String> extras = new TreeMap<>();
            parts.forEach((part, uri) -> extras.put("mask." + part, uri));
            refs.add(new SampleRef(id, String.format("celebamask/%05d", e.getKey()), String.format("%05d", e.getKey()),
                    Map.of("front", e.getValue()), extras));
        }
        return new Listing(refs, bad);
    }

    @Override
    public MultiViewSample read(FileSystem fs, SampleRef ref) {
        RawImages.RawFile photo = RawImages.read(fs, ref.views().get("front"));
        BufferedImage image = RawImages.decode(photo, settings.maxImagePixels());
        int w = image.getWidth(), h = image.getHeight();
        int[] labels = new int[w * h];
        List<String> paths = new ArrayList<>(List.of(photo.uri()));
        List<String> sums = new ArrayList<>(List.of(photo.sha256()));
        for (Map.Entry<String, Integer> part : PARTS.entrySet()) {
            String uri = ref.extras().get("mask." + part.getKey());
            if (uri == null) {
                continue;
            }
            RawImages.RawFile maskFile = RawImages.read(fs, uri);
            paths.add(uri);
            sums.add(maskFile.sha256());
            BufferedImage mask = RawImages.decode(maskFile, settings.maxImagePixels());
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int mx = x * mask.getWidth() / w, my = y * mask.getHeight() / h;
                    if ((mask.getRGB(mx, my) & 0xff) > 127) {
                        labels[y * w + x] = part.getValue();
                    }
                }
            }
        }
        return new MultiViewSample(ref.sampleId(), ref.subjectId(), ref.expressionId(), "celebamask",
                settings.split().of(ref.subjectId()),
                List.of(ViewAligner.align(settings, "front", photo.uri(), image, fivePointsFromLabels(labels, w, h,
                        photo.uri()), null, labels, null)),
                null, null, List.of("no_lm68"), paths, sums);
    }

    /** Five points in image order from a label map (see the class comment). */
    static double[][] fivePointsFromLabels(int[] labels, int w, int h, String uri) {
        double[][] eyes = new double[2][];
        int found = 0;
        for (int eyeClass : new int[] {4, 5}) {
            double sx = 0, sy = 0;
            int n = 0;
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == eyeClass) {
                    sx += i % w;
                    sy += i / w;
                    n++;
                }
            }
            if (n > 0) {
                eyes[found++] = new double[] {sx / n + 0.5, sy / n + 0.5};
            }
        }
        if (found < 2) {
            throw new BadInputException("align", uri + ": needs both eye masks for the five points, found " + found);
        }
        if (eyes[0][0] > eyes[1][0]) {
            double[] t = eyes[0]; eyes[0] = eyes[1]; eyes[1] = t;
        }
        int noseTop = h, noseBottom = -1;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == 6) {
                noseTop = Math.min(noseTop, i / w);
                noseBottom = Math.max(noseBottom, i / w);
            }
        }
        if (noseBottom < 0) {
            throw new BadInputException("align", uri + ": no nose mask for the five points");
        }
        int tipFrom = noseBottom - (noseBottom - noseTop) / 5;
        double tx = 0, ty = 0;
        int tn = 0;
        int left = -1, right = -1;
        for (int i = 0; i < labels.length; i++) {
            int x = i % w, y = i / w;
            if (labels[i] == 6 && y >= tipFrom) {
                tx += x;
                ty += y;
                tn++;
            }
            if (labels[i] >= 7) {
                left = left < 0 || x < left % w ? i : left;
                right = right < 0 || x > right % w ? i : right;
            }
        }
        if (left < 0) {
            throw new BadInputException("align", uri + ": no mouth or lip mask for the five points");
        }
        return new double[][] {eyes[0], eyes[1], {tx / tn + 0.5, ty / tn + 0.5},
                {left % w + 0.5, left / w + 0.5}, {right % w + 0.5, right / w + 0.5}};
    }
}
