/** Implementation details of the notification channels: HTTP exchange, signatures, JSON, SMS length rules. */
@NullMarked
package org.medsoc.notify.internal;

import org.jspecify.annotations.NullMarked;
