package org.dfmvr.spark;

import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.sql.Row;
import org.dfmvr.config.DfmvrConfig;
import org.dfmvr.dataset.MultiViewSample;
import org.dfmvr.dataset.ViewRecord;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Rows cross JVMs on a cluster through the Kryo serializer our Spark config sets (local mode keeps them in memory, so
 * only an explicit round trip shows what an executor-to-driver transfer does).
 */
class SampleRowsKryoTest {
    private static Row roundTrip(Row row) {
        SerializerInstance kryo = new KryoSerializer(SparkSessions.sparkConf("t", DfmvrConfig.defaults()))
                .newInstance();
        return kryo.deserialize(kryo.serialize(row, ClassTag$.MODULE$.apply(Row.class)),
                ClassTag$.MODULE$.apply(Row.class));
    }

    @Test
    void givenASampleWithImmutableLists_whenItsRowCrossesKryo_thenTheSampleComesBackEqual() {
        // given a sample whose lists are immutable JDK lists (List.of, Stream.toList), as readers build them
        ViewRecord view = new ViewRecord("front", new byte[] {1, 2, 3}, 64, null, null, new float[136], 0.0,
                new double[] {1.5, 32, 30}, "raw/s1/front.png");
        MultiViewSample sample = new MultiViewSample("s1/e0", "s1", "e0", "synthetic", "train", List.of(view),
                new float[303], "raw/s1/mesh.obj", List.of("no_parse"), List.of("raw/s1/front.png"),
                List.of("ab12"));
        Row row = SampleRows.toRow(sample);
        // when the row is serialized and read back with Kryo
        Row back = roundTrip(row);
        // then it equals the original, nested view rows, byte arrays and string lists included
        assertEquals(row, back);
        assertEquals(List.of("no_parse"), back.getList(9));
    }
}
