"""A single-node Apache Kafka (KRaft) from Maven Central jars, run on 127.0.0.1."""
