/** Readers for labelled evaluation sets: the Hutong evaluation CSV and the FEBRL benchmark files. */
package org.hutong.identity.internal.evaluation;
