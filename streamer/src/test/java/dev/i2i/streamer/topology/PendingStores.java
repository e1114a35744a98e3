package dev.i2i.streamer.topology;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** The store of requests in flight, in memory and without a changelog, for processor tests. */
final class PendingStores {
  private PendingStores() {}

  /** A new empty store, attached to {@code context} as the processor finds it. */
  static KeyValueStore<Long, byte[]> attach(MockProcessorContext<String, Outcome> context) {
    KeyValueStore<Long, byte[]> store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(PendingRecords.STORE),
                Serdes.Long(),
                Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    return store;
  }
}
