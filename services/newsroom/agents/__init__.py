"""Thin stream shells: one module per Kafka hop, each parse -> domain call -> confirmed send."""
