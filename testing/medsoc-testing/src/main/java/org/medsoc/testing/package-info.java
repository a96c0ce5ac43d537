/** Hand-written fakes and drivers for tests. */
@NullMarked
package org.medsoc.testing;

import org.jspecify.annotations.NullMarked;
