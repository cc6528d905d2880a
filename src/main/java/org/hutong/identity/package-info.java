/** Master patient index: one person across every institution (placeholder until the module's own package-info lands). */
package org.hutong.identity;
