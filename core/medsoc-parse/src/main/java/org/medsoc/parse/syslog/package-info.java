/** Syslog headers: RFC 5424, RFC 3164 and the BSD-style lines written to files such as /var/log/auth.log. */
@NullMarked
package org.medsoc.parse.syslog;

import org.jspecify.annotations.NullMarked;
