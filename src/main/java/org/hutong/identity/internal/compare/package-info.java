/** String comparators and keys the matcher is built from: Jaro–Winkler, edit distance, phonetic keys, folding. */
package org.hutong.identity.internal.compare;
