/** Benchmarks of the eval job as a whole (pairing, mesh I/O, protocol, report) in local Spark. */
package org.dfmvr.bench.evaljob;
