/** The demo region: synthetic data loaded on the first {@code hutong demo}. */
@org.springframework.modulith.ApplicationModule(displayName = "Demo data")
package org.hutong.demo;
