/**
 * Log-source and field mappings from Sigma to medsoc events: versioned YAML files that say which events a Sigma
 * {@code logsource} applies to and which medsoc fields hold each Sigma field (like pySigma processing pipelines).
 */
@NullMarked
package org.medsoc.detect.mapping;

import org.jspecify.annotations.NullMarked;
