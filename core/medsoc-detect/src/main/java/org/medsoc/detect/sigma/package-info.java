/** Sigma engine internals: YAML reading, condition parsing, modifier handling and the matcher tree. */
@NullMarked
package org.medsoc.detect.sigma;

import org.jspecify.annotations.NullMarked;
