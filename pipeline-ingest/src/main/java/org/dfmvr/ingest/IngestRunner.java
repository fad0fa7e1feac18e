package org.dfmvr.ingest;

import org.dfmvr.spark.QuarantineTally;
import org.dfmvr.progress.JobSummary;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.dfmvr.dataset.Quarantined;
import org.dfmvr.output.OutputOwnership;
import org.dfmvr.progress.ProgressLog;
import org.dfmvr.spark.SampleRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The Spark side of ingest, kept thin: list on the driver, read/align on executors (one {@link DatasetReader} call
 * per sample, failures become quarantine rows), write shards + quarantine + summary into a temporary folder, then
 * commit by renames so readers never see a half-written output and a re-run replaces the old one whole.
 *
 * <p>Output layout under {@code output}: {@code v1/split=<split>/part-*.parquet} (schema v1, {@link SampleRows}),
 * {@code _quarantine/part-*.parquet}, {@code _summary.json}, and the ownership marker
 * {@value OutputOwnership#MARKER}: ingest writes only into a folder that is new, empty or an earlier ingest output.
 */
public final class IngestRunner {
    private static final Logger LOG = LoggerFactory.getLogger(IngestRunner.class);
    public static final String SHARDS = "v" + SampleRows.SCHEMA_VERSION;
    public static final String QUARANTINE = "_quarantine";
    public static final String SUMMARY = "_summary.json";
    /** The job kind in the marker of ingest's output folders ({@link OutputOwnership}). */
    public static final String JOB_KIND = "ingest";

    private IngestRunner() {
    }

    public static IngestSummary run(SparkSession spark, IngestSettings settings, DatasetReader reader,
                                    Duration progressInterval) throws IOException {
        long start = System.nanoTime();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = sc.hadoopConfiguration();
        Path input = new Path(settings.input());
        FileSystem inFs = input.getFileSystem(hadoop);
        if (!inFs.exists(input)) {
            throw new BadInputException("list", "input folder does not exist: " + settings.input()
                    + " (dfmvr.ingest.input / --input)");
        }
        // the temporary folder lives inside the output, so the folder is claimed (marked) before anything is written
        OutputOwnership.requireWritable(new Path(settings.output()), JOB_KIND, hadoop);
        OutputOwnership.mark(new Path(settings.output()), JOB_KIND, hadoop);
        DatasetReader.Listing listing = withoutDuplicateIds(reader.list(inFs, settings.input()));
        long total = listing.samples().size() + listing.quarantined().size();
        LOG.info("ingest {}: listed {} samples under {} ({} unusable already)", settings.source(), total,
                settings.input(), listing.quarantined().size());

        LongAccumulator done = sc.sc().longAccumulator("ingest-read");
        SerializableConfiguration conf = new SerializableConfiguration(hadoop);
        String inputRoot = settings.input();
        int partitions = Math.max(1, Math.min(listing.samples().size(), sc.defaultParallelism() * 4));
        JavaRDD<Tuple2<Boolean, Row>> outcomes = sc.parallelize(listing.samples(), partitions).mapPartitions(refs -> {
            FileSystem fs = new Path(inputRoot).getFileSystem(conf.value());
            List<Tuple2<Boolean, Row>> out = new ArrayList<>();
            while (refs.hasNext()) {
                SampleRef ref = refs.next();
                out.add(readOne(reader, fs, ref));
                done.add(1);
            }
            return out.iterator();
        }).cache();

        Dataset<Row> ok;
        Dataset<Row> bad;
        try (ProgressLog progress = new ProgressLog("ingest read", listing.samples().size(), "samples", done::value,
                progressInterval)) {
            ok = spark.createDataFrame(outcomes.filter(Tuple2::_1).map(Tuple2::_2), SampleRows.SAMPLE);
            List<Row> listed = listing.quarantined().stream().map(SampleRows::toRow).toList();
            bad = spark.createDataFrame(outcomes.filter(t -> !t._1()).map(Tuple2::_2), SampleRows.QUARANTINE)
                    .union(spark.createDataFrame(listed, SampleRows.QUARANTINE));
            ok.count(); // materialise the read here, under the progress log
        }

        Path output = new Path(settings.output());
        FileSystem outFs = output.getFileSystem(hadoop);
        Path tmp = new Path(output, "_tmp-" + UUID.randomUUID());
        long okCount = ok.count();
        long avgRowBytes = okCount == 0 ? 1 : Math.max(1, ok.selectExpr("sum(aggregate(views, 0L, (acc, v) -> acc + "
                + "length(v.image_png) + coalesce(length(v.parse_png), 0) + coalesce(length(v.weight_png), 0)))")
                .first().getLong(0) / okCount);
        ok.sortWithinPartitions("sample_id").write().mode(SaveMode.ErrorIfExists).partitionBy("split")
                .option("maxRecordsPerFile", Math.max(1, settings.targetShardBytes() / avgRowBytes))
                .parquet(new Path(tmp, SHARDS).toString());
        bad.coalesce(1).sortWithinPartitions("sample_id", "input_path").write().mode(SaveMode.ErrorIfExists)
                .parquet(new Path(tmp, QUARANTINE).toString());
        long badCount = bad.count();

        Map<String, Long> perSplit = new TreeMap<>();
        for (Row r : ok.groupBy("split").count().collectAsList()) {
            perSplit.put(r.getString(0), r.getLong(1));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        IngestSummary summary = new IngestSummary(settings.source(), settings.input(), settings.output(),
                SampleRows.SCHEMA_VERSION, total, okCount, badCount, perSplit, seconds,
                listing.samples().size() / seconds);
        try (OutputStream out = outFs.create(new Path(tmp, SUMMARY), false)) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out, summary);
        }
        commit(outFs, tmp, output, List.of(SHARDS, QUARANTINE, SUMMARY));
        outcomes.unpersist();
        LOG.info("ingest {} done: read {} = ok {} + quarantined {}, {} ({}), {} s, {} samples/s -> {}",
                settings.source(), total, okCount, badCount, perSplit, SHARDS, String.format("%.1f", seconds),
                String.format("%.2f", summary.samplesPerSecond()), output);
        return summary;
    }

    /**
     * Samples that share a sample id (the same dataset files copied under two folders, two folders whose last levels
     * match) are all moved to quarantine with {@code duplicate_id} and the other paths named: one id is one row in
     * every later table and file name, so such samples are never merged or written twice.
     */
    static DatasetReader.Listing withoutDuplicateIds(DatasetReader.Listing listing) {
        Map<String, List<SampleRef>> byId = new TreeMap<>();
        listing.samples().forEach(r -> byId.computeIfAbsent(r.sampleId(), k -> new ArrayList<>()).add(r));
        listing.quarantined().forEach(q -> byId.computeIfAbsent(q.sampleId(), k -> new ArrayList<>()));
        Map<String, Long> quarantinedIds = new TreeMap<>();
        listing.quarantined().forEach(q -> quarantinedIds.merge(q.sampleId(), 1L, Long::sum));
        List<SampleRef> kept = new ArrayList<>();
        List<Quarantined> bad = new ArrayList<>(listing.quarantined());
        for (Map.Entry<String, List<SampleRef>> e : byId.entrySet()) {
            List<SampleRef> refs = e.getValue();
            long others = quarantinedIds.getOrDefault(e.getKey(), 0L);
            if (refs.size() == 1 && others == 0) {
                kept.add(refs.get(0));
                continue;
            }
            List<String> where = refs.stream().map(IngestRunner::firstPath).toList();
            for (SampleRef r : refs) {
                bad.add(new Quarantined(firstPath(r), r.sampleId(), "list", "duplicate_id: " + (refs.size() + others)
                        + " inputs have this sample id (" + String.join(", ", where)
                        + (others > 0 ? ", and " + others + " already quarantined" : "") + "); none is used"));
            }
        }
        return new DatasetReader.Listing(kept, bad);
    }

    private static String firstPath(SampleRef ref) {
        return ref.views().values().stream().sorted().findFirst().orElse(ref.sampleId());
    }

    private static Tuple2<Boolean, Row> readOne(DatasetReader reader, FileSystem fs, SampleRef ref) {
        String firstPath = ref.views().values().stream().sorted().findFirst().orElse(ref.sampleId());
        try {
            return new Tuple2<>(true, SampleRows.toRow(reader.read(fs, ref)));
        } catch (BadInputException e) {
            return new Tuple2<>(false, SampleRows.toRow(new Quarantined(firstPath, ref.sampleId(), e.stage(),
                    e.getMessage())));
        } catch (RuntimeException e) { // a reader bug must not lose the batch; the reason names it as unexpected
            return new Tuple2<>(false, SampleRows.toRow(new Quarantined(firstPath, ref.sampleId(), "read",
                    "unexpected " + e)));
        }
    }

    /**
     * Moves each entry of {@code tmp} over the same name in {@code output}: the old entry is first renamed aside and
     * deleted only after the new one is in place, so a crash leaves either the old or the new output (plus a
     * {@code _tmp-*}/{@code _old-*} folder that the next run's commit does not read).
     */
    static void commit(FileSystem fs, Path tmp, Path output, List<String> entries) throws IOException {
        Path old = new Path(output, "_old-" + UUID.randomUUID());
        fs.mkdirs(old);
        for (String name : entries) {
            Path target = new Path(output, name);
            if (fs.exists(target) && !fs.rename(target, new Path(old, name))) {
                throw new IOException("cannot move aside " + target);
            }
            if (!fs.rename(new Path(tmp, name), target)) {
                throw new IOException("cannot move " + new Path(tmp, name) + " to " + target);
            }
        }
        fs.delete(old, true);
        fs.delete(tmp, true);
    }

    /** The closing summary: counts, rows per split, the quarantine reasons (read back from the committed table). */
    public static JobSummary summary(SparkSession spark, IngestSummary done) throws IOException {
        String out = done.output().replaceAll("/+$", "");
        java.util.Map<String, String> outputs = new java.util.LinkedHashMap<>();
        outputs.put("shards", out + "/" + SHARDS);
        outputs.put("quarantine table", out + "/" + QUARANTINE);
        outputs.put("summary", out + "/" + SUMMARY);
        return new JobSummary("ingest " + done.source(), "samples", done.read(), done.ok(), done.quarantined(),
                QuarantineTally.ofTable(spark, out + "/" + QUARANTINE), outputs,
                java.util.List.of("rows per split: " + done.perSplit()));
    }
}
