package org.dfmvr.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fast CPU rasterizer: bounding-box traversal with incremental fixed-point edge functions (Pineda 1988, "A
 * parallel algorithm for polygon rasterization"; the top-left rule as in Direct3D), over horizontal bands of
 * {@value #BAND_ROWS} rows shared out to a fixed pool of {@link RasterSettings#threads()} worker threads.
 *
 * <p>Passes: (0) per vertex, in parallel over chunks: snap x, y to fixed point, flag vertices at or in front of the
 * near depth or outside the guard band; (1) per triangle, in parallel over chunks: drop, cull, and clip the pixel
 * bounding box to the image; then the triangles whose box holds a pixel centre are binned by band, in index order;
 * (2) per band, in parallel: walk the band's bin and z-test every covered pixel of the band. Bands own disjoint rows
 * and triangles are visited in index order with a strict depth test, so the result is the same for any thread count
 * (see the {@link Rasterizer} contract); it equals the output of {@link ReferenceRasterizer} exactly.
 *
 * <p>Holds a thread pool when threads &gt; 1: {@link #close()} it when done (its threads are daemons, so a forgotten
 * close does not keep the JVM alive); after close, {@link #rasterize} throws {@link IllegalStateException}.
 */
public final class ParallelRasterizer implements Rasterizer, AutoCloseable {
    /** Rows per band of work in pass 2. */
    static final int BAND_ROWS = 16;
    private static final int STEP = SUBPIXEL_STEPS;
    private static final int HALF = SUBPIXEL_STEPS / 2;
    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final String CLOSED = "rasterizer is closed: create a new ParallelRasterizer";

    private final RasterSettings settings;
    private final ExecutorService pool;
    private volatile boolean closed;

    public ParallelRasterizer(RasterSettings settings) {
        this.settings = settings;
        if (settings.threads() > 1) {
            int id = POOLS.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            this.pool = Executors.newFixedThreadPool(settings.threads(), r -> {
                Thread th = new Thread(r, "rasterizer-" + id + "-" + n.incrementAndGet());
                th.setDaemon(true);
                return th;
            });
        } else {
            this.pool = null;
        }
    }

    @Override
    public RasterSettings settings() {
        return settings;
    }

    @Override
    public Fragments rasterize(float[] screenVertices, int[] triangles) {
        if (closed) {
            throw new IllegalStateException(CLOSED);
        }
        ScreenInput.check(screenVertices, triangles);
        int h = settings.imageHeight(), w = settings.imageWidth();
        int t = triangles.length / 3;
        // pass 0: per vertex, snapped x, y (fixed point) and whether it is usable (beyond near, inside guard band)
        int v = screenVertices.length / 3;
        int[] snapped = new int[2 * v];
        boolean[] usable = new boolean[v];
        forChunks(v, (from, to) -> {
            snapVertices(screenVertices, from, to, snapped, usable);
            return 0;
        });
        // pass 1: per triangle [rowMin, rowMax, colMin, colMax] of covered pixel centres, rowMin > rowMax when none
        int[] bounds = new int[4 * t];
        int dropped = forChunks(t, (from, to) -> setUp(triangles, snapped, usable, from, to, bounds));

        int bandCount = (h + BAND_ROWS - 1) / BAND_ROWS;
        Bins bins = binByBand(bounds, bandCount);

        int[] ids = new int[h * w];
        Arrays.fill(ids, Fragments.EMPTY);
        float[] bary = new float[3 * h * w];
        float[] depth = new float[h * w];
        Arrays.fill(depth, Float.POSITIVE_INFINITY);
        List<Callable<Void>> bands = new ArrayList<>();
        for (int band = 0; band < bandCount; band++) {
            int rowStart = band * BAND_ROWS, rowEnd = Math.min(h, rowStart + BAND_ROWS);
            int from = bins.start[band], to = bins.start[band + 1];
            bands.add(() -> {
                rasterizeBand(screenVertices, snapped, triangles, bounds, bins.triangles, from, to, rowStart,
                        rowEnd, ids, bary, depth);
                return null;
            });
        }
        runAll(bands);
        return new Fragments(h, w, ids, bary, depth, dropped);
    }

    /** Shuts the worker pool down; running calls finish first. */
    @Override
    public void close() {
        closed = true;
        if (pool != null) {
            pool.shutdown();
        }
    }

    /** Work on the index range [from, to) that returns a count. */
    private interface RangeTask {
        int run(int from, int to);
    }

    /** Runs {@code task} over [0, n) in chunks (several per thread when n is large), returns the sum of counts. */
    private int forChunks(int n, RangeTask task) {
        int chunks = pool == null || n < 4096 ? 1 : 4 * settings.threads();
        int size = (n + chunks - 1) / chunks;
        int[] counts = new int[chunks];
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int c = 0; c < chunks; c++) {
            int from = Math.min(n, c * size), to = Math.min(n, from + size), slot = c;
            tasks.add(() -> {
                counts[slot] = task.run(from, to);
                return null;
            });
        }
        runAll(tasks);
        return Arrays.stream(counts).sum();
    }

    /** Pass 0 for vertices [from, to): snapped[2k..2k+1] = fixed-point x, y; usable[k] = beyond near, in guard. */
    private void snapVertices(float[] v, int from, int to, int[] snapped, boolean[] usable) {
        float near = settings.nearDepth();
        for (int k = from; k < to; k++) {
            float x = v[3 * k], y = v[3 * k + 1];
            usable[k] = v[3 * k + 2] > near && Math.abs(x) <= GUARD_BAND_PIXELS && Math.abs(y) <= GUARD_BAND_PIXELS;
            if (usable[k]) {
                snapped[2 * k] = snap(x);
                snapped[2 * k + 1] = snap(y);
            }
        }
    }

    /**
     * Triangles by band: band b's triangles are {@code triangles[start[b] .. start[b+1])}, in index order.
     *
     * @param start     [bands + 1] offsets into triangles
     * @param triangles 0-based triangle ids, each listed once per band its rows meet
     */
    private record Bins(int[] start, int[] triangles) {
    }

    /** Counting sort of the triangles that cover some pixel centre into the bands their rows meet. */
    private static Bins binByBand(int[] bounds, int bandCount) {
        int t = bounds.length / 4;
        int[] start = new int[bandCount + 1];
        for (int f = 0; f < t; f++) {
            if (bounds[4 * f] <= bounds[4 * f + 1]) {
                for (int band = bounds[4 * f] / BAND_ROWS; band <= bounds[4 * f + 1] / BAND_ROWS; band++) {
                    start[band + 1]++;
                }
            }
        }
        for (int band = 0; band < bandCount; band++) {
            start[band + 1] += start[band];
        }
        int[] triangles = new int[start[bandCount]];
        int[] next = Arrays.copyOf(start, bandCount);
        for (int f = 0; f < t; f++) {
            if (bounds[4 * f] <= bounds[4 * f + 1]) {
                for (int band = bounds[4 * f] / BAND_ROWS; band <= bounds[4 * f + 1] / BAND_ROWS; band++) {
                    triangles[next[band]++] = f;
                }
            }
        }
        return new Bins(start, triangles);
    }

    /** Pass 1 for triangles [from, to): writes their pixel bounds, returns how many were dropped. */
    private int setUp(int[] tri, int[] snapped, boolean[] usable, int from, int to, int[] bounds) {
        int h = settings.imageHeight(), w = settings.imageWidth();
        int dropped = 0;
        for (int f = from; f < to; f++) {
            bounds[4 * f] = 0; // rows [0, -1]: covers nothing unless proven otherwise
            bounds[4 * f + 1] = -1;
            int a = tri[3 * f], b = tri[3 * f + 1], c = tri[3 * f + 2];
            if (!(usable[a] && usable[b] && usable[c])) {
                dropped++;
                continue;
            }
            long x0 = snapped[2 * a], y0 = snapped[2 * a + 1], x1 = snapped[2 * b], y1 = snapped[2 * b + 1];
            long x2 = snapped[2 * c], y2 = snapped[2 * c + 1];
            long area = (x1 - x0) * (y2 - y0) - (y1 - y0) * (x2 - x0);
            if (area == 0 || (settings.cullBackFaces() && area > 0)) {
                continue;
            }
            // pixel j's centre is at STEP*j + HALF: the covered columns are
            // ceil((min - HALF) / STEP) .. floor((max - HALF) / STEP)
            int colMin = Math.max(0, ceilDiv(Math.min(x0, Math.min(x1, x2)) - HALF));
            int colMax = (int) Math.min(w - 1, Math.floorDiv(Math.max(x0, Math.max(x1, x2)) - HALF, STEP));
            int rowMin = Math.max(0, ceilDiv(Math.min(y0, Math.min(y1, y2)) - HALF));
            int rowMax = (int) Math.min(h - 1, Math.floorDiv(Math.max(y0, Math.max(y1, y2)) - HALF, STEP));
            if (colMin <= colMax && rowMin <= rowMax) {
                bounds[4 * f] = rowMin;
                bounds[4 * f + 1] = rowMax;
                bounds[4 * f + 2] = colMin;
                bounds[4 * f + 3] = colMax;
            }
        }
        return dropped;
    }

    /**
     * Pass 2 for rows [rowStart, rowEnd): z-tests the triangles {@code binned[from..to)} (those whose bounds meet the
     * band, in index order).
     */
    private void rasterizeBand(float[] v, int[] snapped, int[] tri, int[] bounds, int[] binned, int from, int to,
                               int rowStart, int rowEnd, int[] ids, float[] bary, float[] depth) {
        int w = settings.imageWidth();
        boolean perspective = settings.perspectiveCorrect();
        float[] b = new float[3];
        for (int n = from; n < to; n++) {
            int f = binned[n];
            int r0 = Math.max(bounds[4 * f], rowStart), r1 = Math.min(bounds[4 * f + 1], rowEnd - 1);
            if (r0 > r1) {
                continue;
            }
            int c0 = bounds[4 * f + 2], c1 = bounds[4 * f + 3];
            int a = tri[3 * f], bb = tri[3 * f + 1], c = tri[3 * f + 2];
            long x0 = snapped[2 * a], y0 = snapped[2 * a + 1], x1 = snapped[2 * bb], y1 = snapped[2 * bb + 1];
            long x2 = snapped[2 * c], y2 = snapped[2 * c + 1];
            float z0 = v[3 * a + 2], z1 = v[3 * bb + 2], z2 = v[3 * c + 2];
            long area = (x1 - x0) * (y2 - y0) - (y1 - y0) * (x2 - x0);
            long s = area > 0 ? 1 : -1;
            // edge k is opposite corner k; e_k(p) = s * (B - A) x (p - A); direction (dx, dy) = s * (B - A)
            long dx0 = s * (x2 - x1), dy0 = s * (y2 - y1);
            long dx1 = s * (x0 - x2), dy1 = s * (y0 - y2);
            long dx2 = s * (x1 - x0), dy2 = s * (y1 - y0);
            // bias -1 on edges that are not top-left turns "e > 0 || (e == 0 && topLeft)" into "e + bias >= 0"
            long bias0 = topLeft(dx0, dy0) ? 0 : -1, bias1 = topLeft(dx1, dy1) ? 0 : -1;
            long bias2 = topLeft(dx2, dy2) ? 0 : -1;
            double absArea = s * area;
            long px0 = (long) STEP * c0 + HALF;
            for (int r = r0; r <= r1; r++) {
                long py = (long) STEP * r + HALF;
                long e0 = dx0 * (py - y1) - dy0 * (px0 - x1);
                long e1 = dx1 * (py - y2) - dy1 * (px0 - x2);
                long e2 = dx2 * (py - y0) - dy2 * (px0 - x0);
                int p = r * w + c0;
                for (int col = c0; col <= c1; col++, p++, e0 -= dy0 * STEP, e1 -= dy1 * STEP, e2 -= dy2 * STEP) {
                    if (((e0 + bias0) | (e1 + bias1) | (e2 + bias2)) < 0) {
                        continue;
                    }
                    float d = ScreenInput.resolve(e0, e1, e2, absArea, z0, z1, z2, perspective, b);
                    if (d < depth[p]) {
                        depth[p] = d;
                        ids[p] = f;
                        bary[3 * p] = b[0];
                        bary[3 * p + 1] = b[1];
                        bary[3 * p + 2] = b[2];
                    }
                }
            }
        }
    }

    private void runAll(List<Callable<Void>> tasks) {
        if (pool == null) {
            for (Callable<Void> task : tasks) {
                try {
                    task.call();
                } catch (Exception e) {
                    throw new IllegalStateException("rasterizer task failed", e);
                }
            }
            return;
        }
        try {
            for (Future<Void> done : pool.invokeAll(tasks)) {
                done.get();
            }
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException(CLOSED, e); // closed by another thread during this call
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rasterizing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("rasterizer task failed", e.getCause());
        }
    }

    /** Top or left edge in the inside-positive orientation (see {@link Rasterizer}). */
    private static boolean topLeft(long dx, long dy) {
        return dy < 0 || (dy == 0 && dx > 0);
    }

    /** x on the 1/256-pixel grid, round half to even (the same rounding as {@link ReferenceRasterizer}). */
    private static int snap(float x) {
        return (int) Math.rint(x * (double) STEP);
    }

    private static int ceilDiv(long a) {
        return (int) -Math.floorDiv(-a, STEP);
    }
}
