/** REST resources of /api/v1 and their problem-JSON error mapping. */
@NullMarked
package org.medsoc.api;

import org.jspecify.annotations.NullMarked;
