package org.dfmvr.infer;

import java.util.Locale;
import org.dfmvr.spark.QuarantineTally;
import org.dfmvr.progress.JobSummary;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.dfmvr.bundle.BundleManifest;
import org.dfmvr.bundle.ModelBundle;
import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.dataset.Quarantined;
import org.dfmvr.dataset.ViewRecord;
import org.dfmvr.facemodel.FaceModels;
import org.dfmvr.ingest.BadInputException;
import org.dfmvr.ingest.DatasetReader;
import org.dfmvr.ingest.IngestRunner;
import org.dfmvr.ingest.RawImages;
import org.dfmvr.ingest.SampleRef;
import org.dfmvr.mesh.TriangleMesh;
import org.dfmvr.output.OutputOwnership;
import org.dfmvr.output.SampleFileNames;
import org.dfmvr.progress.ProgressLog;
import org.dfmvr.spark.SampleRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Spark side of infer. Driver: recover an interrupted commit, read the bundle manifest (its version), the
 * previous result table (sample id -> content hash + bundle version) and list the input. Executors, per partition:
 * content hash of each sample; unchanged (same hash, same bundle version) -> counted and kept; otherwise decode /
 * align (raw photos, ingest's code) -> batches of {@code batch-size} through one {@link Reconstructor} per executor
 * JVM (bundle and face model loaded once) -> meshes and overlays written into {@code <out>/_tmp-<run>/}. Driver:
 * result table, quarantine, {@code predictions.json} and {@code metrics.json} into the same temporary folder, a
 * {@code _READY} marker, then the commit (see {@link #rollForward}).
 *
 * <p>Crash safety: nothing under {@code <out>} changes until {@code _READY} exists; after it, the commit only renames
 * complete files and is idempotent, and the next run finishes it before doing anything else. A temporary folder
 * without {@code _READY} is deleted. So there are never half-written meshes or duplicate rows.
 */
public final class InferRunner {
    private static final Logger LOG = LoggerFactory.getLogger(InferRunner.class);
    public static final String RESULTS = "results";
    public static final String QUARANTINE = "quarantine";
    public static final String PREDICTIONS = "predictions.json";
    public static final String METRICS = "metrics.json";
    static final String READY = "_READY";
    /** The job kind in the marker of infer's output folders ({@link OutputOwnership}). */
    public static final String JOB_KIND = "infer";
    static final String TMP_PREFIX = "_tmp-";
    static final String NEW = "new", KEPT = "kept", BAD = "bad";
    /**
     * Per executor JVM: one reconstructor per bundle version and quality/texture settings (graph and face model
     * loaded once per job; the settings are part of the key because a reconstructor applies them).
     */
    private static final Map<String, Reconstructor> LOADED = new ConcurrentHashMap<>();

    private InferRunner() {
    }

    /** One input item on an executor: its id, first input path, content hash and (lazily) the decoded sample. */
    interface Fetched {
        String sampleId();

        String inputPath();

        String contentHash();

        List<String> inputPaths();

        /** The aligned sample; throws {@link BadInputException} for unusable input. */
        MultiViewSample sample();
    }

    public static InferSummary run(SparkSession spark, InferSettings settings, Duration progressInterval)
            throws IOException {
        long start = System.nanoTime();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = sc.hadoopConfiguration();
        Path out = new Path(settings.out());
        FileSystem outFs = out.getFileSystem(hadoop);
        out = outFs.makeQualified(out);
        // before anything under out is read, moved or deleted: it must be new, empty or an earlier infer output
        OutputOwnership.requireWritable(out, JOB_KIND, hadoop);
        recover(outFs, out);

        Path bundlePath = new Path(settings.model());
        BundleManifest manifest = ModelBundle.readManifest(bundlePath.getFileSystem(hadoop), bundlePath);
        Map<String, String> previous = previous(spark, outFs, out);
        Broadcast<Map<String, String>> prev = sc.broadcast(previous);

        Path input = new Path(settings.input());
        FileSystem inFs = input.getFileSystem(hadoop);
        if (!inFs.exists(input)) {
            throw new BadInputException("list", "input does not exist: " + settings.input()
                    + " (dfmvr.infer.input / --input)");
        }
        String runId = UUID.randomUUID().toString();
        Path tmp = new Path(out, TMP_PREFIX + runId);
        SerializableConfiguration conf = new SerializableConfiguration(hadoop);
        LongAccumulator done = sc.sc().longAccumulator("infer-samples");
        Worker worker = new Worker(settings, manifest.version(), manifest.imageSize(), manifest.faceModel(),
                bundlePath.toString(), tmp.toString(), runId, conf, prev, done);

        String kind;
        long listed;
        List<Row> listedBad = new ArrayList<>();
        Set<String> listedIds = new HashSet<>();
        JavaRDD<Tuple2<String, Row>> outcomes;
        int parallelism = sc.defaultParallelism() * 2;
        if (inFs.exists(new Path(input, IngestRunner.SHARDS))) {
            kind = "shards";
            Dataset<Row> rows = spark.read().parquet(new Path(input, IngestRunner.SHARDS).toString());
            for (String column : SampleRows.SAMPLE.fieldNames()) {
                if (!Arrays.asList(rows.columns()).contains(column)) {
                    throw new BadInputException("list", input + "/" + IngestRunner.SHARDS + " is not shard schema v"
                            + SampleRows.SCHEMA_VERSION + ": column '" + column + "' missing, has "
                            + Arrays.toString(rows.columns()));
                }
            }
            requireCropSize(rows, settings.input(), manifest.imageSize(), settings.model());
            List<String> ids = rows.select("sample_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
            listed = ids.size();
            listedIds.addAll(ids);
            requireListed(listed, settings);
            Set<String> colliding = collide(ids, previous.keySet(), outFs, out, listedBad, id -> input.toString());
            Broadcast<Set<String>> skip = sc.broadcast(colliding);
            markClaimed(out, hadoop);
            outcomes = rows.javaRDD().filter(r -> !skip.value().contains(r.<String>getAs("sample_id")))
                    .mapPartitions(it -> worker.process(new Mapped<>(it, InferRunner::fromShardRow)));
        } else {
            kind = inFs.getFileStatus(input).isFile() ? "manifest" : "folder";
            PhotoArchiveReader reader = new PhotoArchiveReader(settings.ingest().withImageSize(manifest.imageSize()),
                    settings.minViews(), settings.archiveRoots());
            DatasetReader.Listing listing = reader.list(inFs, input.toString());
            listing.quarantined().forEach(q -> listedBad.add(SampleRows.toRow(q)));
            listed = listing.samples().size() + listing.quarantined().size();
            listing.samples().forEach(r -> listedIds.add(r.sampleId()));
            listing.quarantined().forEach(q -> listedIds.add(q.sampleId()));
            requireListed(listed, settings);
            Map<String, String> firstPaths = new HashMap<>();
            listing.samples().forEach(r -> firstPaths.put(r.sampleId(), r.views().values().iterator().next()));
            Set<String> colliding = collide(listing.samples().stream().map(SampleRef::sampleId).toList(),
                    previous.keySet(), outFs, out, listedBad, firstPaths::get);
            List<SampleRef> todo = listing.samples().stream().filter(r -> !colliding.contains(r.sampleId())).toList();
            markClaimed(out, hadoop);
            String root = input.toString();
            int partitions = Math.max(1, Math.min(todo.size(), parallelism));
            outcomes = sc.parallelize(todo, partitions).mapPartitions(it -> {
                FileSystem fs = new Path(root).getFileSystem(conf.value());
                return worker.process(new Mapped<>(it, ref -> fromRawFiles(reader, fs, ref)));
            });
        }
        // reconstructing is the expensive part: keep the outcomes (rows, not meshes) even under memory pressure; a
        // recomputed partition would only rewrite the same files in the temporary folder
        outcomes = outcomes.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        LOG.info("infer: {} samples listed from {} ({}), bundle {} ({}), {} in the previous result table", listed,
                settings.input(), kind, manifest.version().substring(0, 12), manifest.network().name(),
                previous.size());
        long newCount, keptCount;
        try (ProgressLog progress = new ProgressLog("infer", listed - listedBad.size(), "samples", done::value,
                progressInterval)) {
            newCount = outcomes.filter(t -> t._1().equals(NEW)).count();
            keptCount = outcomes.filter(t -> t._1().equals(KEPT)).count();
        }

        Dataset<Row> fresh = spark.createDataFrame(outcomes.filter(t -> t._1().equals(NEW)).map(Tuple2::_2),
                ResultRows.RESULT);
        Dataset<Row> results = fresh;
        // previous rows carried over: unchanged samples, samples that failed this run (their quarantine row says
        // why they were not redone), and samples gone from the input unless removing those was asked for
        List<Row> carry = new ArrayList<>();
        for (String id : previous.keySet()) {
            if (!settings.removeMissing() || listedIds.contains(id)) {
                carry.add(RowFactory.create(id));
            }
        }
        if (!carry.isEmpty()) {
            Dataset<Row> carried = spark.createDataFrame(carry,
                    new StructType().add("sample_id", DataTypes.StringType, false));
            Dataset<Row> freshIdsOnly = fresh.select("sample_id");
            Dataset<Row> old = spark.read().parquet(new Path(out, RESULTS).toString());
            // allowMissingColumns: a table written before a column was added still merges (the column is null)
            results = fresh.unionByName(old.join(carried, old.col("sample_id").equalTo(carried.col("sample_id")),
                    "left_semi").join(freshIdsOnly, old.col("sample_id").equalTo(freshIdsOnly.col("sample_id")),
                    "left_anti"), true);
        }
        Dataset<Row> bad = spark.createDataFrame(outcomes.filter(t -> t._1().equals(BAD)).map(Tuple2::_2),
                SampleRows.QUARANTINE).union(spark.createDataFrame(listedBad, SampleRows.QUARANTINE));
        results.coalesce(Math.max(1, (int) Math.min(parallelism, (newCount + keptCount) / 10_000 + 1)))
                .sortWithinPartitions("sample_id").write().mode(SaveMode.ErrorIfExists)
                .parquet(new Path(tmp, RESULTS).toString());
        bad.coalesce(1).sortWithinPartitions("sample_id").write().mode(SaveMode.ErrorIfExists)
                .parquet(new Path(tmp, QUARANTINE).toString());
        outcomes.unpersist();

        Dataset<Row> written = spark.read().parquet(new Path(tmp, RESULTS).toString());
        List<String> ids = written.select("sample_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        Dataset<Row> freshRows = written.filter(written.col("run_id").equalTo(runId)); // never recompute the outcomes
        List<String> freshIds = freshRows.select("sample_id").as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
        List<String> freshUntextured = freshRows.filter(freshRows.col("texture_path").isNull()).select("sample_id")
                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        long lowQuality = written.filter("low_quality").count();
        Row fit = freshRows.filter(freshRows.col("landmark_fit_final_rms_px").isNotNull())
                .agg(functions.count("*"), functions.avg("landmark_fit_initial_rms_px"),
                        functions.avg("landmark_fit_final_rms_px")).first();
        Row detected = freshRows.agg(functions.sum("landmarks_detected_views"),
                functions.count(functions.when(freshRows.col("landmarks_detected_views").gt(0), 1)),
                functions.sum(functions.size(freshRows.col("landmarks_source")))).first();
        long badCount = spark.read().parquet(new Path(tmp, QUARANTINE).toString()).count();
        writeJson(outFs, new Path(tmp, PREDICTIONS), predictions(ids, manifest.faceModel()));
        double seconds = (System.nanoTime() - start) / 1e9;
        InferSummary summary = new InferSummary(settings.input(), kind, out.toString(), settings.model(),
                manifest.version(), runId, listed, newCount, keptCount, badCount, lowQuality, ids.size(), seconds,
                newCount / seconds, fit.getLong(0), fit.isNullAt(1) ? null : fit.getDouble(1),
                fit.isNullAt(2) ? null : fit.getDouble(2), detected.isNullAt(0) ? 0 : detected.getLong(0),
                detected.getLong(1), detected.isNullAt(2) ? 0 : detected.getLong(2));
        if (summary.landmarkFitted() > 0) {
            LOG.info("infer: landmark fit on {} samples: RMS landmark reprojection error {} px (network) -> {} px",
                    summary.landmarkFitted(), String.format("%.3f", summary.landmarkFitInitialRmsPx()),
                    String.format("%.3f", summary.landmarkFitFinalRmsPx()));
        }
        writeJson(outFs, new Path(tmp, METRICS), summary);
        outFs.create(new Path(tmp, READY), false).close();
        rollForward(outFs, tmp, out);
        removeStale(outFs, out, previous.keySet(), ids, freshIds, freshUntextured, settings.meshFormat());
        LOG.info("infer done: listed {} = reconstructed {} + unchanged {} + quarantined {}; {} low quality; {} s"
                        + " ({} reconstructed/s) -> {}", listed, newCount, keptCount, badCount, lowQuality,
                String.format("%.1f", seconds), String.format("%.2f", summary.reconstructedPerSecond()), out);
        return summary;
    }

    /**
     * An empty listing is refused: an unmounted or emptied archive must not look like "every sample was removed".
     */
    private static void requireListed(long listed, InferSettings settings) {
        if (listed == 0) {
            throw new BadInputException("list", "input " + settings.input() + " lists no samples (an empty or "
                    + "unmounted folder?); nothing was changed under " + settings.out());
        }
    }

    /**
     * The ids among {@code listed} whose output file names would collide (equal stems, or stems equal but for case
     * on a case-insensitive output filesystem) with another listed id or a previous result's id; each becomes a
     * quarantine row naming the others, so no sample overwrites another's files.
     */
    private static Set<String> collide(List<String> listed, Set<String> previousIds, FileSystem outFs, Path out,
                                       List<Row> bad, java.util.function.Function<String, String> inputPath)
            throws IOException {
        Set<String> listedSet = new HashSet<>(listed);
        List<String> candidates = new ArrayList<>(listed);
        previousIds.stream().filter(id -> !listedSet.contains(id)).forEach(candidates::add);
        boolean caseInsensitive = SampleFileNames.caseInsensitive(outFs, out);
        Set<String> colliding = new HashSet<>();
        for (List<String> group : SampleFileNames.collisions(candidates, caseInsensitive).values()) {
            for (String id : group) {
                if (!listedSet.contains(id)) {
                    continue; // a previous result is kept as it is
                }
                colliding.add(id);
                List<String> others = group.stream().filter(o -> !o.equals(id)).distinct().toList();
                bad.add(SampleRows.toRow(new Quarantined(inputPath.apply(id), id, "list", "name_collision: output "
                        + "file name " + SampleFileNames.stem(id) + " is also that of "
                        + (others.isEmpty() ? "another input with the same sample id" : String.join(", ", others))
                        + (caseInsensitive ? " (the output filesystem ignores letter case)" : "")
                        + "; neither is written")));
            }
        }
        return colliding;
    }

    private static void markClaimed(Path out, Configuration hadoop) throws IOException {
        // claimed now, before the first file is written: the temporary folder lives inside the output
        OutputOwnership.mark(out, JOB_KIND, hadoop);
    }

    /**
     * Fails before any work when the shards' crops are not the size the bundle takes (a column read of the view
     * sizes, no image is decoded), naming both sizes and the two ways out.
     */
    static void requireCropSize(Dataset<Row> shardRows, String input, int bundleSize, String bundle) {
        List<Integer> sizes = shardRows.selectExpr("explode(views.size) AS size").distinct().limit(4)
                .as(org.apache.spark.sql.Encoders.INT()).collectAsList();
        List<Integer> other = sizes.stream().filter(v -> v != bundleSize).sorted().toList();
        if (!other.isEmpty()) {
            throw new org.dfmvr.config.ConfigError("dfmvr.infer.model", "bundle " + bundle + " takes " + bundleSize
                    + " px crops but the shards " + input + " hold " + other + " px crops: ingest with "
                    + "-Ddfmvr.ingest.image-size=" + bundleSize + ", or infer with a bundle trained on "
                    + other.get(0) + " px crops (or give infer the raw photos, which it crops to the bundle's size)");
        }
    }

    /** An iterator mapping items lazily (so a partition streams through the worker). */
    private record Mapped<T>(Iterator<T> in, java.util.function.Function<T, Fetched> f) implements Iterator<Fetched> {
        @Override
        public boolean hasNext() {
            return in.hasNext();
        }

        @Override
        public Fetched next() {
            return f.apply(in.next());
        }
    }

    private static Fetched fromShardRow(Row row) {
        MultiViewSample s = SampleRows.fromRow(row);
        StringBuilder hash = new StringBuilder();
        for (ViewRecord v : s.views()) {
            hash.append(v.view()).append(':').append(RawImages.sha256(v.imagePng())).append(':')
                    .append(v.parsePng() == null ? "-" : RawImages.sha256(v.parsePng())).append(':')
                    .append(Arrays.toString(v.landmarks68())).append('\n');
        }
        String contentHash = RawImages.sha256(hash.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new Fetched() {
            public String sampleId() {
                return s.sampleId();
            }

            public String inputPath() {
                return s.views().get(0).sourcePath();
            }

            public String contentHash() {
                return contentHash;
            }

            public List<String> inputPaths() {
                return s.inputPaths();
            }

            public MultiViewSample sample() {
                return s;
            }
        };
    }

    private static Fetched fromRawFiles(PhotoArchiveReader reader, FileSystem fs, SampleRef ref) {
        String first = ref.views().values().iterator().next();
        Map<String, RawImages.RawFile> files;
        String hash;
        BadInputException failure = null;
        try {
            files = reader.fetch(fs, ref);
            hash = PhotoArchiveReader.contentHash(files);
        } catch (BadInputException e) {
            files = Map.of();
            hash = "unreadable";
            failure = e;
        } catch (RuntimeException e) { // e.g. a path of a filesystem this job cannot open
            files = Map.of();
            hash = "unreadable";
            failure = new BadInputException("read", "cannot read the files of " + ref.sampleId() + " " + ref.views()
                    + ": " + e);
        }
        Map<String, RawImages.RawFile> fetched = files;
        String contentHash = hash;
        BadInputException unreadable = failure;
        return new Fetched() {
            public String sampleId() {
                return ref.sampleId();
            }

            public String inputPath() {
                return first;
            }

            public String contentHash() {
                return contentHash;
            }

            public List<String> inputPaths() {
                return fetched.values().stream().map(RawImages.RawFile::uri).toList();
            }

            public MultiViewSample sample() {
                if (unreadable != null) {
                    throw unreadable;
                }
                return reader.build(fs, ref, fetched);
            }
        };
    }

    /** The executor side: skip unchanged, quarantine bad, reconstruct the rest in batches. */
    private record Worker(InferSettings settings, String version, int imageSize, String faceModel,
                          String bundleUri, String tmpUri, String runId, SerializableConfiguration conf,
                          Broadcast<Map<String, String>> previous, LongAccumulator done) implements Serializable {
        Iterator<Tuple2<String, Row>> process(Iterator<Fetched> items) throws IOException {
            List<Tuple2<String, Row>> out = new ArrayList<>();
            List<Fetched> batch = new ArrayList<>();
            List<MultiViewSample> samples = new ArrayList<>();
            while (items.hasNext()) {
                Fetched f = items.next();
                if ((resultHash(f) + "|" + version).equals(previous.value().get(f.sampleId()))) {
                    out.add(new Tuple2<>(KEPT, RowFactory.create(f.sampleId())));
                    done.add(1);
                    continue;
                }
                try {
                    MultiViewSample s = f.sample();
                    check(s);
                    batch.add(f);
                    samples.add(s);
                } catch (RuntimeException e) { // one sample's failure, expected or not, stays that sample's
                    out.add(quarantined(f, e, "read"));
                    done.add(1);
                }
                if (batch.size() == settings.batchSize()) {
                    flush(batch, samples, out);
                }
            }
            flush(batch, samples, out);
            return out.iterator();
        }

        /**
         * The stored and compared content hash: the inputs' hash, extended by the landmark-fit settings when the fit
         * is on (a changed fit recomputes the sample; with the fit off, hashes of earlier tables still match).
         */
        private String resultHash(Fetched f) {
            return settings.landmarkFit().enabled()
                    ? RawImages.sha256((f.contentHash() + "|" + settings.landmarkFit())
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    : f.contentHash();
        }

        private void check(MultiViewSample s) {
            if (s.views().size() < settings.minViews()) {
                throw new BadInputException("views", "missing_view: has " + s.views().stream().map(ViewRecord::view)
                        .toList() + ", needs " + settings.minViews() + " (dfmvr.infer.min-views)");
            }
            for (ViewRecord v : s.views()) {
                if (v.size() != imageSize) {
                    throw new BadInputException("views", v.view() + " view is " + v.size() + " px, bundle "
                            + version.substring(0, 12) + " takes " + imageSize
                            + " (ingest with dfmvr.ingest.image-size = " + imageSize + ")");
                }
            }
        }

        private void flush(List<Fetched> batch, List<MultiViewSample> samples, List<Tuple2<String, Row>> out)
                throws IOException {
            if (batch.isEmpty()) {
                return;
            }
            Reconstructor reconstructor = reconstructor();
            List<Reconstruction> results = reconstructEach(reconstructor, batch, samples, out);
            FileSystem fs = new Path(tmpUri).getFileSystem(conf.value());
            Path tmp = new Path(tmpUri);
            Path outDir = tmp.getParent();
            for (int i = 0; i < results.size(); i++) {
                Reconstruction r = results.get(i);
                if (r == null) {
                    continue; // quarantined by reconstructEach
                }
                ResultRows.Paths rel = OutputFiles.relative(r.sampleId(), settings.meshFormat(), settings.overlay(),
                        r.texture() != null);
                try {
                    OutputFiles.writeMeshes(fs, r, tmp, rel, settings.meshFormat());
                    if (rel.overlay() != null) {
                        OutputFiles.writeOverlay(fs, samples.get(i), r, new Path(tmp, rel.overlay()));
                    }
                } catch (IOException | RuntimeException e) {
                    discard(fs, tmp, rel);
                    out.add(quarantined(batch.get(i), e, "write"));
                    done.add(1);
                    continue;
                }
                ResultRows.Paths finalPaths = new ResultRows.Paths(new Path(outDir, rel.mesh()).toString(),
                        new Path(outDir, rel.neutralMesh()).toString(),
                        rel.overlay() == null ? null : new Path(outDir, rel.overlay()).toString(),
                        rel.texture() == null ? null : new Path(outDir, rel.texture()).toString());
                out.add(new Tuple2<>(NEW, ResultRows.toRow(r, resultHash(batch.get(i)), version,
                        faceModel, finalPaths, batch.get(i).inputPaths(), runId,
                        ResultRows.landmarkSources(samples.get(i)))));
                done.add(1);
            }
            batch.clear();
            samples.clear();
        }

        /**
         * The batch's reconstructions, index-aligned with {@code samples}; when the batch call fails, each sample is
         * run alone so only the failing ones are lost. A failing or non-finite sample is quarantined (stage
         * {@code reconstruct}) and its entry is null.
         */
        private List<Reconstruction> reconstructEach(Reconstructor reconstructor, List<Fetched> batch,
                                                     List<MultiViewSample> samples, List<Tuple2<String, Row>> out) {
            List<Reconstruction> results;
            try {
                results = new ArrayList<>(reconstructor.reconstruct(samples));
            } catch (RuntimeException batchFailure) {
                if (samples.size() == 1) {
                    out.add(quarantined(batch.get(0), batchFailure, "reconstruct"));
                    done.add(1);
                    return java.util.Collections.singletonList(null);
                }
                LOG.warn("infer: a batch of {} failed ({}); reconstructing its samples one by one", samples.size(),
                        batchFailure.toString());
                results = new ArrayList<>();
                for (int i = 0; i < samples.size(); i++) {
                    try {
                        results.add(reconstructor.reconstruct(List.of(samples.get(i))).get(0));
                    } catch (RuntimeException e) {
                        out.add(quarantined(batch.get(i), e, "reconstruct"));
                        done.add(1);
                        results.add(null);
                    }
                }
            }
            for (int i = 0; i < results.size(); i++) {
                Reconstruction r = results.get(i);
                if (r != null && !finite(r)) {
                    out.add(quarantined(batch.get(i), new BadInputException("reconstruct", "the network or the "
                            + "landmark fit produced non-finite coefficients or vertices (no mesh written)"),
                            "reconstruct"));
                    done.add(1);
                    results.set(i, null);
                }
            }
            return results;
        }

        private static boolean finite(Reconstruction r) {
            for (float c : r.coefficients()) {
                if (!Float.isFinite(c)) {
                    return false;
                }
            }
            for (TriangleMesh m : new TriangleMesh[] {r.mesh(), r.neutral()}) {
                for (float v : m.positions()) {
                    if (!Float.isFinite(v)) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** Best-effort removal of a sample's partly written files, so the commit never moves them into the output. */
        private static void discard(FileSystem fs, Path tmp, ResultRows.Paths rel) {
            for (String f : java.util.Arrays.asList(rel.mesh(), rel.neutralMesh(), rel.overlay(), rel.texture(),
                    rel.texture() == null ? null : OutputFiles.material(rel.texture()))) {
                if (f != null) {
                    try {
                        fs.delete(new Path(tmp, f), false);
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("infer: cannot remove the partial file {}: {}", new Path(tmp, f), e.toString());
                    }
                }
            }
        }

        private Reconstructor reconstructor() {
            return LOADED.computeIfAbsent(version + "|" + settings.quality() + "|" + settings.texture() + "|"
                    + settings.landmarkFit(), v -> {
                try {
                    Path p = new Path(bundleUri);
                    ModelBundle.Loaded b = ModelBundle.read(p.getFileSystem(conf.value()), p);
                    if (!b.manifest().version().equals(version)) {
                        throw new IllegalStateException("bundle " + bundleUri + " changed during the run: version "
                                + b.manifest().version() + ", the driver read " + version);
                    }
                    Reconstructor r = new Reconstructor(b.graph(), b.manifest(),
                            FaceModels.load(b.manifest().faceModel()), settings.quality(), settings.texture(),
                            settings.landmarkFit());
                    if (settings.texture().bake() && !r.bakesTextures()) {
                        LOG.warn("infer: dfmvr.infer.texture.bake is on but face model {} has no UVs: meshes keep"
                                + " vertex colours only", b.manifest().faceModel());
                    }
                    return r;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot load bundle " + bundleUri, e);
                }
            });
        }
    }

    /**
     * The quarantine outcome of one sample: a {@link BadInputException} keeps its stage and reason; anything else is
     * reported at {@code stage} as unexpected, with the exception, so a reader or model bug loses one sample, not the
     * batch.
     */
    private static Tuple2<String, Row> quarantined(Fetched f, Exception e, String stage) {
        String reason = e instanceof BadInputException bad ? bad.getMessage() : "unexpected " + e;
        String at = e instanceof BadInputException bad ? bad.stage() : stage;
        return new Tuple2<>(BAD, SampleRows.toRow(new Quarantined(f.inputPath(), f.sampleId(), at, reason)));
    }

    /** sample id -> "content hash|bundle version" of the committed result table, empty without one. */
    private static Map<String, String> previous(SparkSession spark, FileSystem fs, Path out) throws IOException {
        Map<String, String> map = new HashMap<>();
        if (fs.exists(new Path(out, RESULTS))) {
            for (Row r : spark.read().parquet(new Path(out, RESULTS).toString())
                    .select("sample_id", "content_hash", "bundle_version").collectAsList()) {
                map.put(r.getString(0), r.getString(1) + "|" + r.getString(2));
            }
        }
        return map;
    }

    /** Finishes a commit that has {@code _READY} and deletes temporary folders of runs that crashed before it. */
    static void recover(FileSystem fs, Path out) throws IOException {
        if (!fs.exists(out)) {
            return;
        }
        for (FileStatus st : fs.listStatus(out)) {
            if (st.isDirectory() && st.getPath().getName().startsWith(TMP_PREFIX)) {
                if (fs.exists(new Path(st.getPath(), READY))) {
                    LOG.warn("infer: finishing the interrupted commit of {}", st.getPath());
                    rollForward(fs, st.getPath(), out);
                } else {
                    LOG.warn("infer: deleting {} of a run that stopped before committing", st.getPath());
                    fs.delete(st.getPath(), true);
                }
            }
        }
    }

    /**
     * The commit: moves every mesh/overlay file of {@code tmp} over the same name under {@code out}, then the result
     * table, quarantine, predictions.json and metrics.json (each: old one renamed aside, new one in, old deleted),
     * then deletes {@code tmp}. Idempotent: what was already moved is skipped, so a crash anywhere is finished by
     * {@link #recover}.
     */
    static void rollForward(FileSystem fs, Path tmp, Path out) throws IOException {
        for (String folder : new String[] {"", OutputFiles.NEUTRAL, OutputFiles.OVERLAY}) {
            Path from = folder.isEmpty() ? tmp : new Path(tmp, folder);
            if (!fs.exists(from)) {
                continue;
            }
            Path to = folder.isEmpty() ? out : new Path(out, folder);
            fs.mkdirs(to);
            for (FileStatus st : fs.listStatus(from)) {
                String name = st.getPath().getName();
                if (st.isFile() && !name.equals(READY) && !name.equals(PREDICTIONS) && !name.equals(METRICS)
                        && !name.startsWith(".")) {
                    Path target = new Path(to, name);
                    fs.delete(target, false);
                    if (!fs.rename(st.getPath(), target)) {
                        throw new IOException("cannot move " + st.getPath() + " to " + target);
                    }
                }
            }
        }
        for (String name : List.of(RESULTS, QUARANTINE, PREDICTIONS, METRICS)) {
            Path from = new Path(tmp, name);
            if (!fs.exists(from)) {
                continue; // moved before a crash
            }
            Path target = new Path(out, name);
            Path aside = new Path(tmp, "_old-" + name);
            if (fs.exists(target) && !fs.rename(target, aside)) {
                throw new IOException("cannot move aside " + target);
            }
            if (!fs.rename(from, target)) {
                throw new IOException("cannot move " + from + " to " + target);
            }
            fs.delete(aside, true);
        }
        fs.delete(tmp, true);
    }

    /**
     * Deletes the files of samples that left the result table (gone from the archive), the other-format meshes of
     * samples reconstructed this run (so eval never sees two meshes for one sample after a format change), and the
     * texture files of samples reconstructed this run without one (after baking was switched off).
     */
    private static void removeStale(FileSystem fs, Path out, java.util.Set<String> before, List<String> now,
                                    List<String> fresh, List<String> freshUntextured, String format)
            throws IOException {
        java.util.Set<String> gone = new java.util.HashSet<>(before);
        now.forEach(gone::remove);
        for (String id : gone) {
            for (String f : InferSettings.MESH_FORMATS) {
                ResultRows.Paths p = OutputFiles.relative(id, f, true, true);
                for (String rel : List.of(p.mesh(), p.neutralMesh(), p.overlay(), p.texture(),
                        OutputFiles.material(p.texture()))) {
                    fs.delete(new Path(out, rel), false);
                }
            }
        }
        for (String id : fresh) {
            for (String f : InferSettings.MESH_FORMATS) {
                if (!f.equals(format)) {
                    ResultRows.Paths p = OutputFiles.relative(id, f, false, false);
                    fs.delete(new Path(out, p.mesh()), false);
                    fs.delete(new Path(out, p.neutralMesh()), false);
                }
            }
        }
        for (String id : freshUntextured) {
            String texture = OutputFiles.relative(id, format, false, true).texture();
            fs.delete(new Path(out, texture), false);
            fs.delete(new Path(out, OutputFiles.material(texture)), false);
        }
    }

    /** The eval job's prediction index (docs/eval.md): every result row's sample id and face model spec. */
    private static Map<String, Object> predictions(List<String> ids, String faceModel) {
        List<Map<String, String>> samples = new ArrayList<>();
        for (String id : ids.stream().sorted().toList()) {
            samples.add(Map.of("sample_id", id, "model", faceModel));
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", "dfmvr-predictions");
        root.put("version", 1);
        root.put("samples", samples);
        return root;
    }

    private static void writeJson(FileSystem fs, Path file, Object value) throws IOException {
        try (OutputStream o = fs.create(file, false)) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(o, value);
        }
    }

    /**
     * The closing summary: in = samples listed, out = reconstructed + unchanged, the quarantine reasons (read back
     * from the committed table) and the landmark fit's effect.
     */
    public static JobSummary summary(SparkSession spark, InferSummary done) throws IOException {
        String out = done.out().replaceAll("/+$", "");
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("meshes", out);
        outputs.put("result table", out + "/" + RESULTS);
        outputs.put("quarantine table", out + "/" + QUARANTINE);
        outputs.put("metrics", out + "/" + METRICS);
        List<String> details = new ArrayList<>();
        details.add(String.format(Locale.ROOT, "reconstructed %d, unchanged %d, low quality %d, landmark fit on %d",
                done.reconstructed(), done.unchanged(), done.lowQuality(), done.landmarkFitted()));
        details.add(String.format(Locale.ROOT, "68-point landmarks: %d views detected on the photos, %d views with"
                        + " landmarks of any source, %d samples with detected landmarks", done.landmarkDetectedViews(),
                done.landmarkViews(), done.landmarkDetectedSamples()));
        if (done.landmarkFitted() > 0) {
            details.add(String.format(Locale.ROOT, "landmark reprojection RMS %.3f px (network) -> %.3f px (fit)",
                    done.landmarkFitInitialRmsPx(), done.landmarkFitFinalRmsPx()));
        }
        return new JobSummary("infer", "samples", done.listed(), done.reconstructed() + done.unchanged(),
                done.quarantined(), QuarantineTally.ofTable(spark, out + "/" + QUARANTINE), outputs,
                details);
    }
}
