/**
 * The HTTP edge of the platform: security headers, rate limits and the limits on request size,
 * as plain servlet filters that work with or without Spring Security in front of them.
 */
package org.hutong.access.internal.web;
