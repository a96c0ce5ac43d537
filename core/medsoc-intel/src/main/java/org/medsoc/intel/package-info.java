/**
 * Threat intelligence: indicators of compromise with their provenance and handling rules, an immutable in-memory
 * index that matches normalised events at ingest speed, and readers/writers for STIX 2.1 bundles and MISP feeds.
 */
@NullMarked
package org.medsoc.intel;

import org.jspecify.annotations.NullMarked;
