package org.dfmvr.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.nd4j.kryo.Nd4jRegistrator;

/**
 * ND4J's Kryo registrations (INDArrays) plus Java records: Spark's Kryo 4 cannot build a field serializer for a record
 * (final fields, canonical constructor), so every record that travels in a task (e.g. settings, sample references)
 * is sent with Java serialization; such records implement {@link java.io.Serializable}.
 */
public final class DfmvrKryoRegistrator extends Nd4jRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        super.registerClasses(kryo);
        kryo.addDefaultSerializer(Record.class, JavaSerializer.class);
    }
}
