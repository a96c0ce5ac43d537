/** Internals of the Linux authentication log parser (sshd, sudo, su, PAM, shadow-utils, systemd-logind). */
@NullMarked
package org.medsoc.parse.linux;

import org.jspecify.annotations.NullMarked;
