/** Implementation of the intel module: value normalisation, primitive hash stores, range tables, STIX patterns. */
@NullMarked
package org.medsoc.intel.internal;

import org.jspecify.annotations.NullMarked;
