/** Benchmarks and reports of the DF-MVR network (org.dfmvr.nn): forward/backward timings, parameter and FLOP tables. */
package org.dfmvr.bench.network;
