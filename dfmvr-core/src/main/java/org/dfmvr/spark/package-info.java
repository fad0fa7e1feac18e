/**
 * The one place in dfmvr-core that touches Spark: session creation from the typed config. Everything else in core is
 * plain Java or ND4J; the pipeline modules hold the Spark jobs (checked by the architecture test).
 */
package org.dfmvr.spark;
