/**
 * chartbox's wire contract: the messages on its Kafka topics and the HTTP submission body, as Java
 * records checked against the JSON Schemas under {@code chartbox/schemas/} on the classpath.
 * See {@code schemas/README.md} for what goes on which topic.
 */
package dev.chartbox.schemas;
