/** The eval Spark job: a thin picocli/spark-submit entry that parses config and calls plain, unit-tested Java. */
package org.dfmvr.eval;
