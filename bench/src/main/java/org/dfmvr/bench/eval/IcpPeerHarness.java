package org.dfmvr.bench.eval;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.dfmvr.geometry.FitDirection;
import org.dfmvr.geometry.Icp;
import org.dfmvr.geometry.IcpCriteria;
import org.dfmvr.geometry.IcpResult;
import org.dfmvr.geometry.NearestPointCorrespondences;
import org.dfmvr.geometry.PointNearestNeighbours;
import org.dfmvr.geometry.PointToPlaneEstimator;
import org.dfmvr.geometry.SimilarityTransform;
import org.dfmvr.geometry.TransformModel;

/**
 * Our side of the Open3D peer check ({@code bench/open3d/peer_check.py}): for each pair folder (source.xyz,
 * target.xyzn with per-point normals, params.properties) runs rigid point-to-plane ICP configured like Open3D's
 * {@code registration_icp(..., TransformationEstimationPointToPlane())} (nearest target point by KD-tree, pairs within
 * the maximum correspondence distance, identity start, fit source-to-target) and prints one JSON line with the
 * point-to-plane RMSE, the Euclidean inlier RMSE, fitness and the median wall time of 5 runs after 3 warm-up
 * passes over all pairs (KD-tree build included, as in Open3D's call).
 */
public final class IcpPeerHarness {
    private static final int REPEATS = 5;

    private IcpPeerHarness() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: IcpPeerHarness <pair folder>...");
        }
        List<Pair> pairs = new ArrayList<>();
        for (String folder : args) {
            pairs.add(Pair.read(Path.of(folder)));
        }
        for (int warmUp = 0; warmUp < 3; warmUp++) {
            for (Pair pair : pairs) {
                pair.register();
            }
        }
        for (Pair pair : pairs) {
            IcpResult result = null;
            double[] millis = new double[REPEATS];
            for (int run = 0; run < REPEATS; run++) {
                long t0 = System.nanoTime();
                result = pair.register();
                millis[run] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(millis);
            System.out.println(String.format(Locale.ROOT,
                    "{\"pair\":\"%s\",\"rmse_point_to_plane\":%.10g,\"rmse_point_to_point\":%.10g,\"fitness\":%.8f,"
                            + "\"iterations\":%d,\"termination\":\"%s\",\"ms_median\":%.3f,\"transform\":%s}",
                    pair.name, result.rmse(), euclideanRmse(pair.source, pair.target, result, pair.maxDistance),
                    result.fitness(), result.iterations(), result.termination(), millis[REPEATS / 2],
                    Arrays.toString(asMatrix4(result.sourceToTarget()))));
        }
    }

    /** One pair folder's data and settings. */
    private record Pair(String name, double[] source, double[] target, double[] normals, double maxDistance,
                        IcpCriteria criteria) {
        static Pair read(Path dir) throws IOException {
            Properties params = new Properties();
            try (Reader r = Files.newBufferedReader(dir.resolve("params.properties"))) {
                params.load(r);
            }
            double maxDistance = Double.parseDouble(params.getProperty("maxCorrespondenceDistance"));
            // tolerance 0: stop only when the RMSE repeats exactly (Open3D runs with relative_* = 0)
            IcpCriteria criteria = new IcpCriteria(Integer.parseInt(params.getProperty("maxIterations")), 0,
                    maxDistance, 0, 6);
            return new Pair(dir.getFileName().toString(), readColumns(dir.resolve("source.xyz"), 3, 0),
                    readColumns(dir.resolve("target.xyzn"), 6, 0), readColumns(dir.resolve("target.xyzn"), 6, 3),
                    maxDistance, criteria);
        }

        /** KD-tree build + ICP from the identity, as one Open3D registration_icp call. */
        IcpResult register() {
            return new Icp(new NearestPointCorrespondences(target, normals),
                    new PointToPlaneEstimator(TransformModel.RIGID, FitDirection.SOURCE_TO_TARGET), criteria)
                    .register(source, SimilarityTransform.identity());
        }
    }

    /** Euclidean RMSE of moved source points to their nearest target point within the distance (Open3D's inlier_rmse). */
    private static double euclideanRmse(double[] source, double[] target, IcpResult result, double maxDistance) {
        double[] moved = result.sourceToTarget().apply(source);
        PointNearestNeighbours index = PointNearestNeighbours.kdTree(target);
        double[] d = new double[1];
        double sum = 0;
        int n = 0;
        for (int i = 0; i < moved.length; i += 3) {
            if (index.nearest(moved[i], moved[i + 1], moved[i + 2], maxDistance * maxDistance, d) >= 0) {
                sum += d[0];
                n++;
            }
        }
        return Math.sqrt(sum / n);
    }

    private static double[] asMatrix4(SimilarityTransform t) {
        double[] r = t.rotation();
        double[] tr = t.translation();
        double s = t.scale();
        return new double[] {s * r[0], s * r[1], s * r[2], tr[0], s * r[3], s * r[4], s * r[5], tr[1],
            s * r[6], s * r[7], s * r[8], tr[2], 0, 0, 0, 1};
    }

    /**
     * Reads whitespace-separated rows of {@code columns} numbers, keeping columns offset..offset+2.
     *
     * @return [N,3] row-major
     */
    private static double[] readColumns(Path file, int columns, int offset) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<double[]> rows = new ArrayList<>(lines.size());
        for (String line : lines) {
            String s = line.strip();
            if (s.isEmpty()) {
                continue;
            }
            String[] parts = s.split("\\s+");
            if (parts.length != columns) {
                throw new IllegalArgumentException(file + ": expected " + columns + " numbers per line, got "
                        + parts.length + " in '" + s + "'");
            }
            rows.add(new double[] {Double.parseDouble(parts[offset]), Double.parseDouble(parts[offset + 1]),
                Double.parseDouble(parts[offset + 2])});
        }
        double[] out = new double[3 * rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, out, 3 * i, 3);
        }
        return out;
    }
}
