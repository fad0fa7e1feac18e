package org.dfmvr.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dfmvr.progress.QuarantineReasons;

/** Tallies a quarantine table (columns {@code sample_id}, {@code stage}, {@code reason}) on the executors. */
public final class QuarantineTally {
    private QuarantineTally() {
    }

    /** The tally of the quarantine table written at {@code uri} (Parquet); empty when there is none. */
    public static QuarantineReasons ofTable(org.apache.spark.sql.SparkSession spark, String uri)
            throws java.io.IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
        if (!p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)) {
            return new QuarantineReasons();
        }
        return of(spark.read().parquet(uri));
    }

    /** The rows of {@code quarantine} by kind of reason, with example ids; one pass, nothing collected but the tally. */
    public static QuarantineReasons of(Dataset<Row> quarantine) {
        return quarantine.select("sample_id", "stage", "reason").javaRDD().aggregate(new QuarantineReasons(),
                (t, r) -> t.add(r.getString(0), r.getString(1), r.getString(2)), QuarantineReasons::merge);
    }
}
