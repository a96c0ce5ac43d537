/**
 * Who may do what: tenants and their hierarchy (a district or provider tenant with member hospitals), users with
 * roles per tenant, permissions, password login with lockout, sessions and API tokens. The entry point is
 * {@link org.medsoc.identity.IdentityService}; authorization decisions are made on a {@link
 * org.medsoc.identity.Principal}.
 */
@NullMarked
package org.medsoc.identity;

import org.jspecify.annotations.NullMarked;
