/** Report parsers and XML/JSON reading machinery behind {@link org.medsoc.vuln.ScanReports}. */
@NullMarked
package org.medsoc.vuln.internal;

import org.jspecify.annotations.NullMarked;
