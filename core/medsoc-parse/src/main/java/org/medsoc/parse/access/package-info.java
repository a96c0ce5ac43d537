/** Internals of the web server access log parser (nginx and Apache common, combined and vhost-combined). */
@NullMarked
package org.medsoc.parse.access;

import org.jspecify.annotations.NullMarked;
