/**
 * Test fixture: a real multi-JVM Spark standalone cluster on loopback (master and workers as separate processes,
 * executors launched by the workers), assembled from the Maven test classpath, for tests that must cross JVMs
 * (DL4J's parameter server, executor loss). Recipe: docs/distributed-training.md.
 */
package org.dfmvr.train.cluster;
