package org.dfmvr.train.backend;

import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;
import scala.collection.JavaConverters;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Runs an action exactly once in every live executor JVM and returns the results by executor id. Spark has no
 * "one task per executor" primitive, so each round launches a few short tasks per executor still missing; the first
 * task of the round to arrive in an executor claims it (a per-JVM set of claimed round ids) and runs the action, the
 * others return nothing. Rounds repeat until every executor answered or the attempts are spent.
 */
final class ExecutorProbe {
    private static final Set<String> CLAIMED = ConcurrentHashMap.newKeySet();
    private static final int TASKS_PER_EXECUTOR = 3;
    private static final long TASK_HOLD_MILLIS = 300;

    /** An action run on an executor; its result travels back to the driver. */
    interface Action<T extends Serializable> extends Serializable {
        T run();
    }

    private ExecutorProbe() {
    }

    /**
     * Ids of the executors registered with the driver now (the driver itself excluded), or, in local mode, the
     * driver: there the driver JVM is the only executor (its tasks report executor id "driver").
     */
    static Set<String> executorIds(JavaSparkContext sc) {
        if (sc.isLocal()) {
            return new HashSet<>(Set.of("driver"));
        }
        return new HashSet<>(JavaConverters.seqAsJavaList(sc.sc().getExecutorIds()));
    }

    static <T extends Serializable> Map<String, T> onEveryExecutor(JavaSparkContext sc, Action<T> action,
                                                                   int attempts) {
        Set<String> missing = executorIds(sc);
        if (missing.isEmpty()) {
            throw new IllegalStateException("no executors registered with the driver: cannot reach the workers");
        }
        Map<String, T> results = new HashMap<>();
        for (int attempt = 0; attempt < attempts && !missing.isEmpty(); attempt++) {
            String round = UUID.randomUUID().toString();
            Set<String> wanted = Set.copyOf(missing);
            int tasks = TASKS_PER_EXECUTOR * wanted.size();
            List<Integer> slots = new ArrayList<>(IntStream.range(0, tasks).boxed().toList());
            List<Tuple2<String, T>> answers = sc.parallelize(slots, tasks)
                    .mapPartitions(it -> answer(round, wanted, action)).collect();
            for (Tuple2<String, T> a : answers) {
                results.put(a._1(), a._2());
                missing.remove(a._1());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("executors " + missing + " did not answer within " + attempts
                    + " rounds (answered: " + results.keySet() + "); an executor may have been lost");
        }
        return results;
    }

    private static <T extends Serializable> Iterator<Tuple2<String, T>> answer(String round, Set<String> wanted,
                                                                             Action<T> action)
            throws InterruptedException {
        String executor = SparkEnv.get().executorId();
        // hold the core briefly so that the round's other tasks spread over the other executors
        Thread.sleep(TASK_HOLD_MILLIS);
        if (!wanted.contains(executor) || !CLAIMED.add(round)) {
            return Collections.emptyIterator();
        }
        return List.of(new Tuple2<>(executor, action.run())).iterator();
    }
}
