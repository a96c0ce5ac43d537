/** Detection: Sigma rules parsed, validated and compiled into matchers over events, with log-source mappings. */
@NullMarked
package org.medsoc.detect;

import org.jspecify.annotations.NullMarked;
