/** Error identities and the root exception shared by medsoc and its plugins. */
@NullMarked
package org.medsoc.spi.error;

import org.jspecify.annotations.NullMarked;
