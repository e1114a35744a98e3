package dev.i2i.streamer.topology;

import org.apache.kafka.common.header.Headers;

/**
 * A request record as it arrived, with where it came from (for dead letters).
 *
 * @param key the record key (the request id in raw mode), may be null
 * @param value the record value
 * @param headers the record headers
 * @param topic source topic
 * @param partition source partition
 * @param offset source offset
 * @param timestamp the record's timestamp (milliseconds)
 */
public record IncomingRecord(
    byte[] key,
    byte[] value,
    Headers headers,
    String topic,
    int partition,
    long offset,
    long timestamp) {}
