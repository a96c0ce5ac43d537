/** Text scanning, timestamps, charset decoding, address matching and field-name tables shared by the parsers. */
@NullMarked
package org.medsoc.parse.internal;

import org.jspecify.annotations.NullMarked;
