/** JMH benchmarks of medsoc's hot paths, each measured against a baseline in the same run. */
@NullMarked
package org.medsoc.benchmarks;

import org.jspecify.annotations.NullMarked;
