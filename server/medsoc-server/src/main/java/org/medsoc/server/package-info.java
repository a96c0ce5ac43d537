/** The medsoc command and the composition root of a node. */
@NullMarked
package org.medsoc.server;

import org.jspecify.annotations.NullMarked;
