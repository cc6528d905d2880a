package org.hutong.access.internal.auth;

import java.util.Set;
import org.hutong.access.Role;

/** A person's account as the token customiser sees it. */
record PersonDetails(
    String username, String passwordHash, Role role, String organization, Set<String> patients, String displayName, boolean enabled) {}
