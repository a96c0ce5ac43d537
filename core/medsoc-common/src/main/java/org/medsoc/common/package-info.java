/** Configuration binding and small shared values used by every core module. */
@NullMarked
package org.medsoc.common;

import org.jspecify.annotations.NullMarked;
