/** Implementation of playbook execution: SQL, step actions, templates, rate limits. Not for other modules. */
@NullMarked
package org.medsoc.playbook.internal;

import org.jspecify.annotations.NullMarked;
