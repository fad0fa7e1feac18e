package org.dfmvr.infer;

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
            listed = rows.count();
            outcomes = rows.javaRDD().mapPartitions(it -> worker.process(new Mapped<>(it, InferRunner::fromShardRow)));
        } else {
            kind = inFs.getFileStatus(input).isFile() ? "manifest" : "folder";
            PhotoArchiveReader reader = new PhotoArchiveReader(settings.ingest().withImageSize(manifest.imageSize()),
                    settings.minViews(), settings.archiveRoots());
            DatasetReader.Listing listing = reader.list(inFs, input.toString());
            listing.quarantined().forEach(q -> listedBad.add(SampleRows.toRow(q)));
            listed = listing.samples().size() + listing.quarantined().size();
            String root = input.toString();
            int partitions = Math.max(1, Math.min(listing.samples().size(), parallelism));
            outcomes = sc.parallelize(listing.samples(), partitions).mapPartitions(it -> {
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
        if (keptCount > 0) {
            Dataset<Row> keptIds = spark.createDataFrame(outcomes.filter(t -> t._1().equals(KEPT)).map(Tuple2::_2),
                    new StructType().add("sample_id", DataTypes.StringType, false));
            Dataset<Row> old = spark.read().parquet(new Path(out, RESULTS).toString());
            // allowMissingColumns: a table written before a column was added still merges (the column is null)
            results = fresh.unionByName(old.join(keptIds, old.col("sample_id").equalTo(keptIds.col("sample_id")),
                    "left_semi"), true);
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
        long badCount = spark.read().parquet(new Path(tmp, QUARANTINE).toString()).count();
        writeJson(outFs, new Path(tmp, PREDICTIONS), predictions(ids, manifest.faceModel()));
        double seconds = (System.nanoTime() - start) / 1e9;
        InferSummary summary = new InferSummary(settings.input(), kind, out.toString(), settings.model(),
                manifest.version(), runId, listed, newCount, keptCount, badCount, lowQuality, ids.size(), seconds,
                newCount / seconds, fit.getLong(0), fit.isNullAt(1) ? null : fit.getDouble(1),
                fit.isNullAt(2) ? null : fit.getDouble(2));
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
                } catch (BadInputException e) {
                    out.add(new Tuple2<>(BAD, SampleRows.toRow(new Quarantined(f.inputPath(), f.sampleId(), e.stage(),
                            e.getMessage()))));
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
            List<Reconstruction> results = reconstructor.reconstruct(samples);
            FileSystem fs = new Path(tmpUri).getFileSystem(conf.value());
            Path tmp = new Path(tmpUri);
            Path outDir = tmp.getParent();
            for (int i = 0; i < results.size(); i++) {
                Reconstruction r = results.get(i);
                ResultRows.Paths rel = OutputFiles.relative(r.sampleId(), settings.meshFormat(), settings.overlay(),
                        r.texture() != null);
                OutputFiles.writeMeshes(fs, r, tmp, rel, settings.meshFormat());
                if (rel.overlay() != null) {
                    OutputFiles.writeOverlay(fs, samples.get(i), r, new Path(tmp, rel.overlay()));
                }
                ResultRows.Paths finalPaths = new ResultRows.Paths(new Path(outDir, rel.mesh()).toString(),
                        new Path(outDir, rel.neutralMesh()).toString(),
                        rel.overlay() == null ? null : new Path(outDir, rel.overlay()).toString(),
                        rel.texture() == null ? null : new Path(outDir, rel.texture()).toString());
                out.add(new Tuple2<>(NEW, ResultRows.toRow(r, resultHash(batch.get(i)), version,
                        faceModel, finalPaths, batch.get(i).inputPaths(), runId)));
                done.add(1);
            }
            batch.clear();
            samples.clear();
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
}
