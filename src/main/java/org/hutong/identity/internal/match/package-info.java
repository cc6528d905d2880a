/**
 * The matching engine: profiles (records folded once), comparison levels, the Fellegi–Sunter
 * model fitted by EM, blocking and clustering.
 */
package org.hutong.identity.internal.match;
