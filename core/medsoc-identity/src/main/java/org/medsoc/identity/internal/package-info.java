/** Implementation of the identity module: password hashing, token codecs, row mapping. */
@NullMarked
package org.medsoc.identity.internal;

import org.jspecify.annotations.NullMarked;
